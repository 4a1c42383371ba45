#include "services/core/audit_rpc.h"

#include "services/core/audit.h"

namespace casebridge::core {

grpc::Status AnswerVerifyAuditChain(const AccessControl& access, ConnectionPool& pool,
                                    const grpc::ServerContextBase& context,
                                    casebridge::v1::AuditChainVerification* response) {
  Principal caller = access.Authenticate(context);
  access.RequireRole(caller, {casebridge::v1::ROLE_ADMINISTRATOR, casebridge::v1::ROLE_PROCURATOR},
                     "VerifyAuditChain", "auditChain");
  auto lease = pool.Acquire();
  pqxx::read_transaction tx(*lease);
  AuditVerification result = VerifyAuditChain(tx);
  response->set_intact(result.intact);
  response->set_records_checked(result.records_checked);
  response->set_first_bad_sequence(result.first_bad_sequence);
  response->set_problem(result.problem);
  return grpc::Status::OK;
}

}  // namespace casebridge::core
