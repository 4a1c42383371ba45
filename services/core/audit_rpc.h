// The VerifyAuditChain RPC that every service offers, answered the same way by each.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "casebridge/v1/common.pb.h"
#include "services/core/access_control.h"
#include "services/core/database.h"

namespace casebridge::core {

// Re-computes this service's audit chain for an administrator or procurator (anyone else is
// refused and audited) and fills `response` from the result.
grpc::Status AnswerVerifyAuditChain(const AccessControl& access, ConnectionPool& pool,
                                    const grpc::ServerContextBase& context,
                                    casebridge::v1::AuditChainVerification* response);

}  // namespace casebridge::core
