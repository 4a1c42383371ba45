// The two kinds of load on the intake service: CreateCaseFile one case at a time, and
// ImportCaseFiles batches over a long-lived stream.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "clients/loadgen/case_template.h"
#include "clients/loadgen/closed_loop.h"

namespace casebridge::loadgen {

struct CallerSetup {
  std::shared_ptr<grpc::Channel> channel;
  std::string token;                   // the signed-in officer's bearer token
  std::chrono::milliseconds deadline;  // per filing
  // When an import stream gives up: the run's end plus the per-call deadline, so a stuck batch
  // cannot hold the run up for longer.
  std::chrono::system_clock::time_point stream_deadline;
  const CaseTemplate* case_template;
  // Makes this caller's case numbers and request ids unique: call `seq` uses "<prefix><seq>".
  std::string prefix;
};

// Files one case per call, with request_id "loadgen-<prefix><seq>"; a call counts one case.
std::unique_ptr<Caller> NewFilingCaller(CallerSetup setup);

// Sends one batch of `batch` cases per call over its own ImportCaseFiles stream (reopened after a
// failure) and waits for the batch's answer; a call counts its cases when the whole batch is
// committed, and fails with the first rejection's reason when it is not.
std::unique_ptr<Caller> NewImportCaller(CallerSetup setup, int batch);

}  // namespace casebridge::loadgen
