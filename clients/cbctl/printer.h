// How cbctl shows results and errors: aligned tables (CJK-aware) or JSON, and plain-word errors.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace casebridge::cbctl {

enum class OutputFormat { kTable, kJson };

class Printer {
 public:
  Printer(OutputFormat format, std::ostream& out, std::ostream& err)
      : format_(format), out_(out), err_(err) {}

  OutputFormat format() const { return format_; }

  // JSON mode prints `message`; table mode prints `rows` under `headers`.
  void Table(const google::protobuf::Message& message, const std::vector<std::string>& headers,
             const std::vector<std::vector<std::string>>& rows) const;
  // JSON mode prints `message`; table mode prints "field: value" lines.
  void Record(const google::protobuf::Message& message,
              const std::vector<std::pair<std::string, std::string>>& fields) const;
  // A line for people (table mode only; JSON output stays machine-readable).
  void Note(const std::string& text) const;
  // One item of a stream that runs until interrupted (cbctl case watch): `line` in table mode,
  // `message` as one line of JSON otherwise; flushed at once so a pipe sees it immediately.
  void StreamLine(const google::protobuf::Message& message, const std::string& line) const;

  // Explains a failed call in words: what went wrong, every wrong field, what to do next.
  // Returns the process exit code to use. `where`, when given, says where a wrong field is in the
  // file the request was read from (e.g. "case.yaml 第 12 行 / line 12"), or "" when unknown.
  int Error(const grpc::Status& status, const std::string& service, const std::string& endpoint,
            const std::function<std::string(const std::string& field)>& where = nullptr) const;
  int Error(const std::string& message) const;

 private:
  OutputFormat format_;
  std::ostream& out_;
  std::ostream& err_;
};

// Columns a UTF-8 string takes in a terminal (CJK characters take two).
size_t DisplayWidth(const std::string& text);

std::string JsonOf(const google::protobuf::Message& message);

}  // namespace casebridge::cbctl
