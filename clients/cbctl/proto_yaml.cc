#include "clients/cbctl/proto_yaml.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace casebridge::cbctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

std::string Join(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
      out += escaped;
    } else {
      out += c;  // UTF-8 passes through unchanged
    }
  }
  return out + "\"";
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '-' || c == ' ') c = '_';
  }
  return text;
}

// The prefix every value of `e` shares, up to an underscore, e.g. "IP_RIGHT_": officers may leave
// it out ("trademark").
std::string EnumPrefix(const EnumDescriptor* e) {
  std::string prefix = e->value(0)->name();
  for (int i = 1; i < e->value_count(); ++i) {
    const std::string& name = e->value(i)->name();
    size_t n = 0;
    while (n < prefix.size() && n < name.size() && prefix[n] == name[n]) ++n;
    prefix.resize(n);
  }
  const size_t underscore = prefix.rfind('_');
  return underscore == std::string::npos ? "" : prefix.substr(0, underscore + 1);
}

const FieldDescriptor* FindField(const Descriptor* d, const std::string& name) {
  if (const FieldDescriptor* f = d->FindFieldByName(name)) return f;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == name) return d->field(i);
  }
  return nullptr;
}

std::string FieldNames(const Descriptor* d) {
  std::string text;
  for (int i = 0; i < d->field_count(); ++i) text += (i ? ", " : "") + d->field(i)->name();
  return text;
}

int LineOf(const YAML::Node& node) { return node.Mark().line + 1; }

// The amount field `x_fen` (or `xFen`) that `name` gives in yuan as `x_yuan` (or `xYuan`), or null.
const FieldDescriptor* FenFieldInYuan(const Descriptor* d, const std::string& name) {
  std::string fen_name;
  if (name.size() > 5 && name.compare(name.size() - 5, 5, "_yuan") == 0) {
    fen_name = name.substr(0, name.size() - 5) + "_fen";
  } else if (name.size() > 4 && name.compare(name.size() - 4, 4, "Yuan") == 0) {
    fen_name = name.substr(0, name.size() - 4) + "Fen";
  } else {
    return nullptr;
  }
  const FieldDescriptor* f = FindField(d, fen_name);
  return f != nullptr && !f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_INT64
             ? f
             : nullptr;
}

// Walks the YAML tree beside the protobuf descriptors and writes the JSON the proto's own parser
// reads, recording the line of every field and every problem (all of them, not just the first).
class YamlToJson {
 public:
  explicit YamlToJson(FileInput& input) : input_(input) {}

  void Message(const YAML::Node& node, const Descriptor* d, const std::string& path,
               std::string& out) {
    if (!node.IsMap()) {
      Problem(node, path, "此处应为字段（名称: 值） / fields (name: value) are expected here");
      out += "null";
      return;
    }
    const bool facts = d == v1::ThresholdFacts::descriptor();
    std::set<std::string> seen;
    std::map<std::string, std::string> amounts;  // field name → JSON value, for facts
    bool has_amounts = false;
    out += "{";
    bool first = true;
    for (const auto& entry : node) {
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      const std::string name = key.IsScalar() ? key.Scalar() : "";
      if (facts && (name == "amounts" || name == "amounts_yuan" || name == "amountsYuan")) {
        has_amounts = true;
        Amounts(key, value, name != "amounts", Join(path, "amounts"), amounts);
        continue;
      }
      const FieldDescriptor* f = name.empty() ? nullptr : FindField(d, name);
      const FieldDescriptor* in_yuan = f == nullptr ? FenFieldInYuan(d, name) : nullptr;
      if (f == nullptr && in_yuan == nullptr) {
        Problem(key, Join(path, name),
                "“" + name + "”不是 " + d->name() + " 的字段 / '" + name + "' is not a field of " +
                    d->name() + (facts ? "; amounts in yuan go under amounts_yuan" : "") +
                    ". 可用字段 / fields: " + FieldNames(d));
        continue;
      }
      if (f == nullptr) f = in_yuan;
      const std::string field_path = Join(path, f->name());
      if (!seen.insert(f->name()).second) {
        Problem(key, field_path, "字段重复 / this field is given twice");
        continue;
      }
      input_.lines[field_path] = LineOf(key);
      if (value.IsNull()) continue;  // left empty: unset, as if not written
      out += std::string(first ? "" : ",") + JsonQuote(f->name()) + ":";
      first = false;
      if (f->is_map()) {
        Problem(value, field_path,
                "不支持的字段类型 / this kind of field cannot be read from YAML");
        out += "null";
      } else if (f->is_repeated()) {
        List(value, f, field_path, out);
      } else if (in_yuan != nullptr) {
        Yuan(value, Join(path, name), out);  // problems name the field as the officer wrote it
      } else {
        Value(value, f, field_path, out);
      }
    }
    if (has_amounts && !amounts.empty()) {
      out += std::string(first ? "" : ",") + "\"amounts\":{";
      bool first_amount = true;
      for (const auto& [field, json] : amounts) {
        out += std::string(first_amount ? "" : ",") + JsonQuote(field) + ":" + json;
        first_amount = false;
      }
      out += "}";
    }
    out += "}";
  }

 private:
  void Problem(const YAML::Node& node, const std::string& path, const std::string& message) {
    input_.problems.push_back({LineOf(node), path, message});
  }

  void List(const YAML::Node& value, const FieldDescriptor* f, const std::string& path,
            std::string& out) {
    if (value.IsScalar() && f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      out += "[";  // one value written without "- " is a list of one
      Value(value, f, path + "[0]", out);
      out += "]";
      return;
    }
    if (!value.IsSequence()) {
      Problem(value, path,
              "此处应为列表（每项以“- ”开头） / a list is expected here (items start with '- ')");
      out += "null";
      return;
    }
    out += "[";
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      input_.lines[item_path] = LineOf(value[i]);
      if (i > 0) out += ",";
      Value(value[i], f, item_path, out);
    }
    out += "]";
  }

  void Value(const YAML::Node& node, const FieldDescriptor* f, const std::string& path,
             std::string& out) {
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const Descriptor* type = f->message_type();
      if (type == v1::Date::descriptor() && node.IsScalar()) {
        Date(node, path, out);
      } else if (type == google::protobuf::Timestamp::descriptor() && node.IsScalar()) {
        Time(node, path, out);
      } else if (type->file()->package() == "google.protobuf" && node.IsScalar()) {
        out += JsonQuote(node.Scalar());  // other well-known types read from text
      } else {
        Message(node, type, path, out);
      }
      return;
    }
    if (!node.IsScalar()) {
      Problem(node, path, "此处应为单个值 / a single value is expected here");
      out += "null";
      return;
    }
    const std::string text = node.Scalar();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        out += JsonQuote(text);
        return;
      case FieldDescriptor::CPPTYPE_BOOL: {
        const std::string word = Upper(text);
        if (word == "TRUE" || word == "YES" || text == "是") {
          out += "true";
        } else if (word == "FALSE" || word == "NO" || text == "否") {
          out += "false";
        } else {
          Problem(node, path, "应为 true 或 false / must be true or false");
          out += "null";
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_ENUM:
        Enum(node, f->enum_type(), path, out);
        return;
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        Integer(node, f->cpp_type(), path, out);
        return;
      default: {  // float and double: the proto parser reads them from quoted text
        char* end = nullptr;
        errno = 0;
        std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || errno != 0) {
          Problem(node, path, "应为数字 / must be a number");
        }
        out += JsonQuote(text);
        return;
      }
    }
  }

  void Enum(const YAML::Node& node, const EnumDescriptor* e, const std::string& path,
            std::string& out) {
    const std::string word = Upper(node.Scalar());
    const google::protobuf::EnumValueDescriptor* value = e->FindValueByName(word);
    if (value == nullptr) value = e->FindValueByName(EnumPrefix(e) + word);
    if (value == nullptr) {
      Problem(node, path,
              "“" + node.Scalar() + "”不是可选值 / '" + node.Scalar() +
                  "' is not a choice here. 可选 / choices: " + EnumChoices(e));
      out += "null";
      return;
    }
    out += JsonQuote(value->name());
  }

  void Integer(const YAML::Node& node, FieldDescriptor::CppType type, const std::string& path,
               std::string& out) {
    const std::string text = node.Scalar();
    const bool is_unsigned =
        type == FieldDescriptor::CPPTYPE_UINT32 || type == FieldDescriptor::CPPTYPE_UINT64;
    bool ok = !text.empty();
    if (is_unsigned) {
      uint64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      ok = ok && ec == std::errc() && end == text.data() + text.size() &&
           (type == FieldDescriptor::CPPTYPE_UINT64 || v <= UINT32_MAX);
    } else {
      int64_t v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      ok = ok && ec == std::errc() && end == text.data() + text.size() &&
           (type == FieldDescriptor::CPPTYPE_INT64 || (v >= INT32_MIN && v <= INT32_MAX));
    }
    if (!ok) {
      const size_t fen = path.rfind("_fen");
      if (path.find("threshold_facts.amounts.") != std::string::npos) {
        Problem(node, path,
                "应为整数（金额以分为单位，如 5200050；按元填写请用 amounts_yuan） / must be a "
                "whole number (amounts are in fen, e.g. 5200050; for yuan use amounts_yuan)");
      } else if (fen != std::string::npos && fen + 4 == path.size()) {
        const std::string yuan = path.substr(path.find_last_of(".]") + 1);
        const std::string name = yuan.substr(0, yuan.size() - 4) + "_yuan";
        Problem(node, path,
                "应为整数（金额以分为单位；按元填写请写 " + name +
                    ": \"72.50\"） / must be a "
                    "whole number (amounts are in fen; for yuan write " +
                    name + ": \"72.50\")");
      } else {
        Problem(node, path, "应为整数 / must be a whole number");
      }
      out += "null";
      return;
    }
    out += JsonQuote(text);
  }

  void Date(const YAML::Node& node, const std::string& path, std::string& out) {
    const std::optional<v1::Date> date = DateFromText(node.Scalar());
    if (!date) {
      Problem(node, path,
              "日期格式为 YYYY-MM-DD，如 2026-03-02 / dates are YYYY-MM-DD, e.g. 2026-03-02");
      out += "null";
      return;
    }
    // Whether the day exists is the service's check, reported with every other problem.
    out += "{\"year\":" + std::to_string(date->year()) +
           ",\"month\":" + std::to_string(date->month()) +
           ",\"day\":" + std::to_string(date->day()) + "}";
  }

  void Time(const YAML::Node& node, const std::string& path, std::string& out) {
    const std::optional<std::string> rfc3339 = Rfc3339FromText(node.Scalar());
    if (!rfc3339) {
      Problem(node, path,
              "时间写作 2026-03-02 10:30（北京时间） / times are written 2026-03-02 10:30 (Beijing "
              "time), or in RFC 3339");
      out += "null";
      return;
    }
    out += JsonQuote(*rfc3339);
  }

  // An amount in decimal yuan ("72.50") as the JSON of its fen.
  void Yuan(const YAML::Node& node, const std::string& path, std::string& out) {
    std::string why;
    std::optional<int64_t> fen;
    if (!node.IsScalar()) {
      why = "此处应为金额 / an amount is expected here";
    } else {
      fen = YuanToFen(node.Scalar(), &why);
    }
    if (!fen) {
      Problem(node, path, why);
      out += "null";
      return;
    }
    out += "\"" + std::to_string(*fen) + "\"";
  }

  // threshold_facts.amounts (fen, the contract's own unit) or amounts_yuan (decimal yuan), merged
  // into one `amounts` message; an amount given in both is a problem.
  void Amounts(const YAML::Node& key, const YAML::Node& block, bool yuan, const std::string& path,
               std::map<std::string, std::string>& amounts) {
    if (!input_.lines.contains(path)) input_.lines[path] = LineOf(key);
    if (block.IsNull()) return;
    if (!block.IsMap()) {
      Problem(block, path, "此处应为金额（名称: 值） / amounts (name: value) are expected here");
      return;
    }
    const Descriptor* d = v1::ThresholdAmounts::descriptor();
    for (const auto& entry : block) {
      const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
      const FieldDescriptor* f = FindField(d, name);
      const FieldDescriptor* without_fen = f ? nullptr : FindField(d, name + "_fen");
      if (without_fen == nullptr && f == nullptr) without_fen = FindField(d, name + "Fen");
      std::string problem;
      if (yuan && f != nullptr) {
        problem = "amounts_yuan 中的名称不带 _fen，如 " +
                  f->name().substr(0, f->name().size() - 4) +
                  " / in amounts_yuan, names have no _fen, e.g. " +
                  f->name().substr(0, f->name().size() - 4);
      } else if (!yuan && without_fen != nullptr) {
        problem = "amounts 以分为单位，请写 " + without_fen->name() +
                  "；按元填写请放在 amounts_yuan 下 / "
                  "amounts are in fen: write " +
                  without_fen->name() + ", or put the amount in yuan under amounts_yuan";
      } else if (f == nullptr && without_fen == nullptr) {
        std::string names;
        for (int i = 0; i < d->field_count(); ++i) {
          const std::string& n = d->field(i)->name();
          names += (i ? ", " : "") + (yuan ? n.substr(0, n.size() - 4) : n);
        }
        problem = "“" + name + "”不是涉案数额 / '" + name +
                  "' is not an amount. 可用 / amounts: " + names;
      }
      const FieldDescriptor* field = yuan ? without_fen : f;
      const std::string field_path = Join(path, field ? field->name() : name);
      if (!problem.empty()) {
        Problem(entry.first, field_path, problem);
        continue;
      }
      if (amounts.contains(field->name())) {
        Problem(entry.first, field_path,
                "同一金额写了两次（amounts 与 amounts_yuan） / this amount is given twice "
                "(amounts and amounts_yuan)");
        continue;
      }
      input_.lines[field_path] = LineOf(entry.first);
      const YAML::Node& value = entry.second;
      if (value.IsNull()) continue;  // unknown: left unset, which is not zero
      if (!value.IsScalar()) {
        Problem(value, field_path, "此处应为金额 / an amount is expected here");
        continue;
      }
      std::string json;
      if (yuan) {
        Yuan(value, field_path, json);
      } else {
        Integer(value, FieldDescriptor::CPPTYPE_INT64, field_path, json);
      }
      amounts[field->name()] = json;
    }
  }

  FileInput& input_;
};

}  // namespace

void YamlToProtoJson(const YAML::Node& root, const google::protobuf::Descriptor* descriptor,
                     FileInput& input, std::string& json) {
  YamlToJson(input).Message(root, descriptor, "", json);
}

std::optional<int> EnumFromWord(const EnumDescriptor* e, const std::string& word, bool loosely) {
  const std::string upper = Upper(word);
  if (upper.empty()) return std::nullopt;
  const google::protobuf::EnumValueDescriptor* value = e->FindValueByName(upper);
  if (value == nullptr) value = e->FindValueByName(EnumPrefix(e) + upper);
  if (value != nullptr) return value->number();
  if (!loosely) return std::nullopt;
  std::optional<int> found;
  for (int i = 0; i < e->value_count(); ++i) {
    if (e->value(i)->number() == 0 || e->value(i)->name().find(upper) == std::string::npos) {
      continue;  // "not set" is never what an officer means
    }
    if (found) return std::nullopt;  // ambiguous: the officer must say which
    found = e->value(i)->number();
  }
  return found;
}

std::string EnumChoices(const EnumDescriptor* e, bool as_flag) {
  const std::string prefix = EnumPrefix(e);
  std::string text;
  for (int i = 0; i < e->value_count(); ++i) {
    const std::string& name = e->value(i)->name();
    if (name.size() >= 12 && name.compare(name.size() - 12, 12, "_UNSPECIFIED") == 0) continue;
    std::string choice = name.substr(prefix.size());
    if (as_flag) {
      for (char& c : choice) c = c == '_' ? '-' : static_cast<char>(std::tolower(c));
    }
    text += (text.empty() ? "" : ", ") + choice;
  }
  return text;
}

}  // namespace casebridge::cbctl
