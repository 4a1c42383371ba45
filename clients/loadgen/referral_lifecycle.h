// The referral benchmark's call: one whole referral under 国务院令第310号, from filing the case to
// the police's 立案, each act by the user whose act it is.
#pragma once

#include <grpcpp/grpcpp.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "clients/loadgen/case_template.h"
#include "clients/loadgen/closed_loop.h"

namespace casebridge::loadgen {

// The acts of one lifecycle in order, as CallOutcome::act_micros reports them.
inline constexpr std::array<std::string_view, 9> kLifecycleActs = {
    "create_case",      // intake CreateCaseFile, officer
    "create_referral",  // CreateReferral, officer, task force of two officers
    "upload_report",    // UploadReferralDocument: the investigation report (material ②)
    "submit_report",    // SubmitReport to the head, officer
    "approve",          // ApproveReferral, agency head
    "transfer",         // TransferReferral to the police, officer; renders ① and ③
    "police_read",      // GetReferral by the police receiver, for the digests to echo
    "receive",          // ReceiveReferral, police receiver, echoing every digest
    "file_case"};       // FileCase (立案), police investigator

// Bearer tokens and user ids of the four signed-in users.
struct LifecycleUsers {
  std::string officer_token;
  std::string officer;         // users/{id}: leads the task force
  std::string second_officer;  // users/{id}: the task force's other member (not signed in)
  std::string head_token;
  std::string head;  // users/{id}: the agency head the report goes to
  std::string receiver_token;
  std::string investigator_token;
  std::string police;  // organisations/{id}: where the referral is transferred
};

struct LifecycleSetup {
  std::shared_ptr<grpc::Channel> intake;
  std::shared_ptr<grpc::Channel> referral;
  const LifecycleUsers* users;
  std::chrono::milliseconds deadline;  // per act
  const CaseTemplate* case_template;   // must meet the 刑法 213 threshold
  // Makes this caller's case numbers and request ids unique: call `seq` uses "<prefix><seq>".
  std::string prefix;
};

// Runs one lifecycle per call; a call counts one case when the referral is FILED and fails with
// the first act that failed, its name leading the message. The acts' latencies are reported only
// for a whole lifecycle.
std::unique_ptr<Caller> NewLifecycleCaller(LifecycleSetup setup);

}  // namespace casebridge::loadgen
