#include "services/core/request_log.h"

#include <google/protobuf/descriptor.h>

#include <memory>

#include "services/core/digest.h"
#include "services/core/errors.h"

namespace casebridge::core {

RequestKey MakeRequestKey(const std::string& caller, const std::string& method,
                          const std::string& request_id, const google::protobuf::Message& request) {
  std::string bytes;
  const google::protobuf::FieldDescriptor* etag = request.GetDescriptor()->FindFieldByName("etag");
  if (etag == nullptr) {
    request.SerializeToString(&bytes);
  } else {
    std::unique_ptr<google::protobuf::Message> without_etag(request.New());
    without_etag->CopyFrom(request);
    without_etag->GetReflection()->ClearField(without_etag.get(), etag);
    without_etag->SerializeToString(&bytes);
  }
  return RequestKey{caller, method, request_id, Sha256(bytes)};
}

bool ReplayPriorResponse(pqxx::transaction_base& tx, const RequestKey& key,
                         google::protobuf::Message* response) {
  pqxx::result r = tx.exec_params(
      "SELECT request_digest, response FROM request_log"
      " WHERE caller = $1 AND method = $2 AND request_id = $3",
      key.caller, key.method, key.request_id);
  if (r.empty()) return false;
  if (pqxx::binarystring(r[0][0]).str() != key.request_digest) {
    Fail(grpc::StatusCode::ALREADY_EXISTS,
         "request_id \"" + key.request_id +
             "\" 已用于另一份不同的请求 / was already used for a different request; "
             "choose a new request_id for a new request",
         "REQUEST_ID_REUSED");
  }
  response->ParseFromString(pqxx::binarystring(r[0][1]).str());
  return true;
}

void RecordResponse(pqxx::transaction_base& tx, const RequestKey& key,
                    const google::protobuf::Message& response) {
  tx.exec_params(
      "INSERT INTO request_log (caller, method, request_id, request_digest, response)"
      " VALUES ($1, $2, $3, $4, $5)",
      key.caller, key.method, key.request_id, pqxx::binarystring(key.request_digest),
      pqxx::binarystring(response.SerializeAsString()));
}

std::string CheckRequestId(const std::string& request_id) {
  if (request_id.empty()) {
    return "必须提供 request_id（任一唯一字符串，重试时保持不变）/ request_id is required: any "
           "unique "
           "string, kept the same when retrying";
  }
  if (request_id.size() > 128)
    return "request_id 不能超过 128 个字符 / request_id is at most 128 characters";
  return "";
}

}  // namespace casebridge::core
