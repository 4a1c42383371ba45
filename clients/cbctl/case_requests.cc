#include "clients/cbctl/case_requests.h"

#include <chrono>
#include <ctime>

#include "clients/cbctl/case_views.h"
#include "clients/cbctl/proto_yaml.h"

namespace casebridge::cbctl {

bool FetchCase(Session& session, const std::string& name, const Printer& printer, v1::CaseFile* c,
               int* exit_code) {
  v1::GetCaseFileRequest request;
  request.set_name(WithPrefix(name, "caseFiles"));
  auto context = session.Context();
  grpc::Status status = Intake(session)->GetCaseFile(context.get(), request, c);
  if (!status.ok()) *exit_code = FailIntake(printer, status, session);
  return status.ok();
}

std::string CaseOfRecord(const std::string& name, const std::string& collection) {
  const std::string middle = "/" + collection + "/";
  const size_t at = name.find(middle);
  if (name.rfind("caseFiles/", 0) != 0 || at == std::string::npos || at <= 10 ||
      at + middle.size() >= name.size() ||
      name.find('/', at + middle.size()) != std::string::npos || name.find('/', 10) != at) {
    return "";
  }
  return name.substr(0, at);
}

bool ReadRecordFile(const std::string& file, google::protobuf::Message& message,
                    const std::string& request_field, const Printer& printer, FileInput* input,
                    int* exit_code) {
  *input = ReadMessageInput(file, message, {{request_field + ".", ""}});
  if (!input->ok()) *exit_code = printer.Error(input->ProblemsText());
  return input->ok();
}

std::vector<std::string> SplitFields(const std::string& text) {
  std::vector<std::string> fields;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string field = text.substr(start, end - start);
    field.erase(0, field.find_first_not_of(' '));
    field.erase(field.find_last_not_of(' ') + 1);
    if (!field.empty()) fields.push_back(field);
    start = end + 1;
  }
  return fields;
}

v1::Date BeijingToday() {
  const std::time_t now =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  v1::Date today;
  today.set_year(tm.tm_year + 1900);
  today.set_month(tm.tm_mon + 1);
  today.set_day(tm.tm_mday);
  return today;
}

std::optional<int> FlagValues::Choice(const std::string& flag,
                                      const google::protobuf::EnumDescriptor* e,
                                      const std::vector<std::pair<std::string, int>>& aliases) {
  if (!args_.Has(flag)) return std::nullopt;
  const std::string word = args_.Get(flag);
  for (const auto& [alias, value] : aliases) {
    if (word == alias) return value;
  }
  if (std::optional<int> value = EnumFromWord(e, word, /*loosely=*/true)) return value;
  std::string choices;
  for (const auto& [alias, value] : aliases) choices += alias + ", ";
  Problem(flag, "“" + word + "”不是可选值 / '" + word + "' is not a choice here. 可选 / choices: " +
                    choices + EnumChoices(e, /*as_flag=*/true));
  return std::nullopt;
}

std::optional<v1::Date> FlagValues::Date(const std::string& flag) {
  if (!args_.Has(flag)) return std::nullopt;
  std::optional<v1::Date> date = DateFromText(args_.Get(flag));
  if (!date) {
    Problem(flag, "日期格式为 YYYY-MM-DD，如 2026-03-02 / dates are YYYY-MM-DD, e.g. 2026-03-02");
  }
  return date;
}

std::optional<google::protobuf::Timestamp> FlagValues::Time(const std::string& flag) {
  if (!args_.Has(flag)) return std::nullopt;
  std::optional<google::protobuf::Timestamp> time = TimestampFromText(args_.Get(flag));
  if (!time) {
    Problem(flag,
            "时间写作 \"2026-03-02 10:30\"（北京时间）或 2026-03-02 / times are written "
            "\"2026-03-02 10:30\" (Beijing time) or 2026-03-02");
  }
  return time;
}

std::optional<int64_t> FlagValues::Yuan(const std::string& flag) {
  if (!args_.Has(flag)) return std::nullopt;
  std::string why;
  std::optional<int64_t> fen = YuanToFen(args_.Get(flag), &why);
  if (!fen) Problem(flag, why);
  return fen;
}

void FlagValues::Problem(const std::string& flag, const std::string& why) {
  // Upper-case names are positional arguments (FILE), the rest flags.
  const bool positional = !flag.empty() && flag[0] >= 'A' && flag[0] <= 'Z';
  problems_.push_back((positional ? "" : "--") + flag + ": " + why);
}

int FlagValues::Fail(const Printer& printer) const {
  const size_t n = problems_.size();
  std::string text = "选项有 " + std::to_string(n) + " 处需要更正 / " + std::to_string(n) +
                     (n == 1 ? " option needs" : " options need") + " correcting:";
  for (const std::string& p : problems_) text += "\n  - " + p;
  return printer.Error(text);
}

void NoteUnlistedFields(const Printer& printer, const google::protobuf::Message& given,
                        const google::protobuf::FieldMask& mask) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  given.GetReflection()->ListFields(given, &fields);
  std::string unchanged;
  for (const google::protobuf::FieldDescriptor* f : fields) {
    bool listed = false;
    for (const std::string& path : mask.paths()) {
      listed = listed || path == f->name() || path.rfind(f->name() + ".", 0) == 0;
    }
    if (!listed) unchanged += (unchanged.empty() ? "" : ", ") + f->name();
  }
  if (!unchanged.empty()) {
    printer.Note("文件中的 " + unchanged +
                 " 未列入 --fields，未修改 / not changed, as not listed in --fields: " + unchanged);
  }
}

std::function<std::string(const std::string& field)> FlagsOfFields(
    std::vector<std::pair<std::string, std::string>> flags, const FileInput* input) {
  return [flags = std::move(flags), input](const std::string& field) {
    std::string where = input != nullptr ? input->Where(field) : "";
    for (const auto& [prefix, flag] : flags) {
      const bool within = field.size() > prefix.size() && field.rfind(prefix, 0) == 0 &&
                          (field[prefix.size()] == '.' || field[prefix.size()] == '[');
      if (field == prefix || within) {
        return where + (where.empty() ? "" : "; ") + "选项 / option " + flag;
      }
    }
    return where;
  };
}

}  // namespace casebridge::cbctl
