// Glue between gRPC's callback API and blocking work: unary calls run on the BlockingExecutor.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <utility>

#include "services/core/errors.h"
#include "services/core/executor.h"

namespace casebridge::core {

// Runs `handler` (returning grpc::Status) on `executor` and finishes the call with its result. A
// full queue answers RESOURCE_EXHAUSTED at once; a call whose deadline passed while queued, or that
// the client cancelled, is not started. Exceptions become statuses (StatusFromCurrentException).
template <typename Handler>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, BlockingExecutor& executor,
                                   const char* method, Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  bool queued = executor.Post([context, reactor, method, handler = std::move(handler)]() mutable {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the call"));
      return;
    }
    if (context->deadline() <= std::chrono::system_clock::now()) {
      reactor->Finish(StatusWithReason(
          grpc::StatusCode::DEADLINE_EXCEEDED,
          "请求超时 / The call's deadline passed before it could start", "DEADLINE_EXCEEDED"));
      return;
    }
    grpc::Status status;
    try {
      status = handler();
    } catch (...) {
      status = StatusFromCurrentException(method);
    }
    reactor->Finish(status);
  });
  if (!queued) {
    reactor->Finish(StatusWithReason(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        "服务繁忙，请稍后重试 / The service is busy; try again shortly", "SERVER_BUSY"));
  }
  return reactor;
}

}  // namespace casebridge::core
