#include "clients/cbctl/printer.h"

#include <google/protobuf/util/json_util.h>

#include <ostream>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace casebridge::cbctl {

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xc0) {
      len = 2;
      cp = c & 0x1f;
    }
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    }
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

std::string JsonOf(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void Printer::Table(const google::protobuf::Message& message,
                    const std::vector<std::string>& headers,
                    const std::vector<std::vector<std::string>>& rows) const {
  if (format_ == OutputFormat::kJson) {
    out_ << JsonOf(message);
    return;
  }
  std::vector<size_t> widths(headers.size());
  for (size_t c = 0; c < headers.size(); ++c) widths[c] = DisplayWidth(headers[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      out_ << row[c];
      if (c + 1 < row.size()) out_ << std::string(widths[c] - DisplayWidth(row[c]) + 2, ' ');
    }
    out_ << "\n";
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
  if (rows.empty()) out_ << "(none)\n";
}

void Printer::Record(const google::protobuf::Message& message,
                     const std::vector<std::pair<std::string, std::string>>& fields) const {
  if (format_ == OutputFormat::kJson) {
    out_ << JsonOf(message);
    return;
  }
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, DisplayWidth(key));
  for (const auto& [key, value] : fields) {
    out_ << key << ":" << std::string(width - DisplayWidth(key) + 1, ' ') << value << "\n";
  }
}

void Printer::Note(const std::string& text) const {
  if (format_ == OutputFormat::kTable) out_ << text << "\n";
}

int Printer::Error(const std::string& message) const {
  err_ << "错误 / Error: " << message << "\n";
  return 1;
}

void Printer::StreamLine(const google::protobuf::Message& message, const std::string& line) const {
  if (format_ == OutputFormat::kJson) {
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(message, &json, options);
    out_ << json << std::endl;
  } else {
    out_ << line << std::endl;
  }
}

int Printer::Error(const grpc::Status& status, const std::string& service,
                   const std::string& endpoint,
                   const std::function<std::string(const std::string& field)>& where) const {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      err_ << "错误 / Error: 无法连接 " << service << " 服务 / cannot reach the " << service
           << " service at " << endpoint << ". Is CaseBridge running (deploy/run-local.sh)?\n";
      if (!status.error_message().empty()) err_ << "  (" << status.error_message() << ")\n";
      return 3;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      err_ << "错误 / Error: " << service << " 服务未及时响应 / the " << service
           << " service did not answer in time; try again\n";
      return 3;
    case grpc::StatusCode::UNIMPLEMENTED:
      err_ << "错误 / Error: " << service << " 服务尚未提供此功能 / the " << service
           << " service does not offer this yet\n";
      return 1;
    default:
      break;
  }
  // With field details, the list says it all; the server's one-line message repeats it.
  google::rpc::Status rich;
  google::rpc::BadRequest bad_request;
  bool has_fields = false;
  if (!status.error_details().empty() && rich.ParseFromString(status.error_details())) {
    for (const auto& detail : rich.details()) has_fields |= detail.UnpackTo(&bad_request);
  }
  if (!has_fields) {
    err_ << "错误 / Error: " << status.error_message() << "\n";
  } else {
    const int n = bad_request.field_violations_size();
    err_ << "错误 / Error: 请求有 " << n << " 处需要更正 / the request has " << n
         << (n == 1 ? " problem" : " problems") << ":\n";
    for (const auto& v : bad_request.field_violations()) {
      const std::string location = where ? where(v.field()) : "";
      err_ << "  - " << v.field() << (location.empty() ? "" : " (" + location + ")") << ": "
           << v.description() << "\n";
    }
  }
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    err_ << "提示 / Hint: cbctl login --user <your user id>\n";
    return 4;
  }
  return status.error_code() == grpc::StatusCode::PERMISSION_DENIED ? 5 : 1;
}

}  // namespace casebridge::cbctl
