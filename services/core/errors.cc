#include "services/core/errors.h"

#include <pqxx/pqxx>

#include "google/rpc/code.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/core/log.h"

namespace casebridge::core {
namespace {

grpc::Status WithDetail(grpc::StatusCode code, const std::string& message,
                        const google::protobuf::Message& detail) {
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(code));
  rich.set_message(message);
  rich.add_details()->PackFrom(detail);
  return grpc::Status(code, message, rich.SerializeAsString());
}

}  // namespace

void FieldViolations::Add(std::string field, std::string description) {
  violations_.emplace_back(std::move(field), std::move(description));
}

grpc::Status FieldViolations::ToStatus() const {
  google::rpc::BadRequest bad_request;
  std::string message = "请求有 " + std::to_string(violations_.size()) +
                        " 处需要更正 / The request has " + std::to_string(violations_.size()) +
                        (violations_.size() == 1 ? " problem" : " problems") + ":";
  for (const auto& [field, description] : violations_) {
    auto* v = bad_request.add_field_violations();
    v->set_field(field);
    v->set_description(description);
    message += " [" + field + "] " + description + ";";
  }
  if (!message.empty() && message.back() == ';') message.pop_back();
  return WithDetail(grpc::StatusCode::INVALID_ARGUMENT, message, bad_request);
}

grpc::Status StatusWithReason(grpc::StatusCode code, const std::string& message,
                              const std::string& reason,
                              const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("casebridge");
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  return WithDetail(code, message, info);
}

void Fail(grpc::StatusCode code, const std::string& message, const std::string& reason) {
  throw ServiceError(StatusWithReason(code, message, reason));
}

grpc::Status StatusFromCurrentException(const std::string& method) {
  try {
    throw;
  } catch (const ServiceError& e) {
    return e.status();
  } catch (const pqxx::serialization_failure& e) {
    return StatusWithReason(grpc::StatusCode::ABORTED,
                            "并发修改冲突，请重试 / A concurrent change got in first; please retry",
                            "CONCURRENT_CHANGE");
  } catch (const pqxx::broken_connection& e) {
    LogError("database_unreachable", {{"method", method}, {"error", e.what()}});
    return StatusWithReason(
        grpc::StatusCode::UNAVAILABLE,
        "数据库暂时不可用，请稍后重试 / The database is unavailable; try again shortly",
        "DATABASE_UNAVAILABLE");
  } catch (const std::exception& e) {
    LogError("internal_error", {{"method", method}, {"error", e.what()}});
    return StatusWithReason(grpc::StatusCode::INTERNAL,
                            "服务内部错误，已记录日志 / Internal error; it has been logged",
                            "INTERNAL");
  } catch (...) {
    LogError("internal_error", {{"method", method}, {"error", "unknown exception"}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "Internal error");
  }
}

}  // namespace casebridge::core
