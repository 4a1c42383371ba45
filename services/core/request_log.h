// Idempotent retries: the first response to a request_id is stored and replayed, nothing redone.
#pragma once

#include <google/protobuf/message.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace casebridge::core {

struct RequestKey {
  std::string caller;          // users/{id}: request ids are scoped to who sent them
  std::string method;          // e.g. "CreateUser"
  std::string request_id;      // client-chosen
  std::string request_digest;  // SHA-256 of the serialised request
};

// Builds the key for `request`; the request's own request_id field is part of the digest, its
// `etag` field (if it has one) is not: a client that re-reads the resource after a lost answer and
// retries with the same request_id must get the first answer, not REQUEST_ID_REUSED.
RequestKey MakeRequestKey(const std::string& caller, const std::string& method,
                          const std::string& request_id, const google::protobuf::Message& request);

// True and `response` filled when this request was answered before. A request_id reused for a
// different request throws ServiceError(ALREADY_EXISTS).
bool ReplayPriorResponse(pqxx::transaction_base& tx, const RequestKey& key,
                         google::protobuf::Message* response);

// Stores `response` as the answer to `key`, in the same transaction as the change it reports.
void RecordResponse(pqxx::transaction_base& tx, const RequestKey& key,
                    const google::protobuf::Message& response);

// The request_id rules shared by every create and state change; "" when fine, else the problem.
std::string CheckRequestId(const std::string& request_id);

}  // namespace casebridge::core
