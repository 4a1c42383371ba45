#include "clients/cbctl/import_file.h"

#include <google/protobuf/util/json_util.h>
#include <yaml-cpp/yaml.h>

#include "clients/cbctl/proto_yaml.h"

namespace casebridge::cbctl {
namespace {

// Legacy exports run to tens of thousands of cases; the whole file is read before anything is
// sent, so that a wrong record stops the import before it starts.
constexpr size_t kMaxImportBytes = size_t{256} << 20;

// Reads one record from `node`, whose lines are `line_offset` below those in the file.
void AddRecord(const YAML::Node& node, int line_offset, ImportFile& file) {
  const int number = static_cast<int>(file.records.size()) + 1;
  const int line = node.Mark().line + 1 + line_offset;
  FileInput record_input;
  std::string json;
  if (!node.IsMap()) {
    record_input.problems.push_back(
        {node.Mark().line + 1, "",
         "每条记录应为字段（record_ref、case_file 等） / each record holds fields "
         "(record_ref, case_file, ...)"});
  } else {
    YamlToProtoJson(node, v1::ImportRecord::descriptor(), record_input, json);
  }
  v1::ImportRecord record;
  if (record_input.problems.empty()) {
    auto status = google::protobuf::util::JsonStringToMessage(json, &record);
    if (!status.ok()) {
      record_input.problems.push_back(
          {node.Mark().line + 1, "", "无法读取 / cannot read: " + std::string(status.message())});
    }
  }
  for (FileProblem& p : record_input.problems) {
    p.line += line_offset;
    p.field = "#" + std::to_string(number) + (p.field.empty() ? "" : " " + p.field);
    file.input.problems.push_back(std::move(p));
  }
  if (record.record_ref().empty()) record.set_record_ref("#" + std::to_string(number));
  file.records.push_back(std::move(record));
  file.lines.push_back(line);
}

void ReadJsonLines(const std::string& text, ImportFile& file) {
  int line = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string row = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (row.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      AddRecord(YAML::Load(row), line - 1, file);
    } catch (const YAML::Exception& e) {
      file.input.problems.push_back(
          {line, "#" + std::to_string(file.records.size() + 1),
           "这一行不是有效的 JSON / this line is not valid JSON: " + e.msg});
      file.records.emplace_back();  // keeps the numbering of the records after it
      file.lines.push_back(line);
    }
  }
}

void ReadList(const std::string& text, ImportFile& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    file.input.problems.push_back({e.mark.line + 1, "",
                                   "不是有效的 YAML / this is not valid YAML: " + e.msg +
                                       " (检查缩进和冒号 / check the indentation and colons)"});
    return;
  }
  if (!root.IsSequence()) {
    file.input.problems.push_back(
        {root.IsNull() ? 0 : root.Mark().line + 1, "",
         "导入文件应为记录的列表（每条以“- ”开头），或每行一条 JSON / an import file is a list "
         "of records (each starting with '- '), or JSON lines"});
    return;
  }
  for (const YAML::Node& node : root) AddRecord(node, 0, file);
}

}  // namespace

ImportFile ReadImportFile(const std::string& path) {
  ImportFile file;
  file.input.file = path;
  const std::optional<std::string> text = ReadInputText(path, kMaxImportBytes, file.input);
  if (!text) return file;
  const size_t first = text->find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (*text)[first] == '{') {
    ReadJsonLines(*text, file);
  } else {
    ReadList(*text, file);
  }
  if (file.input.problems.empty() && file.records.empty()) {
    file.input.problems.push_back({0, "", "文件中没有记录 / the file holds no records"});
  }
  return file;
}

}  // namespace casebridge::cbctl
