// Documents streamed over gRPC's callback API: an upload received as metadata then chunks, hashed
// as it arrives; a download sent as metadata then 1 MiB slices with the recorded SHA-256 checked
// on the way out. The blocking steps run on the BlockingExecutor; a service supplies them.
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "services/core/access_control.h"
#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/executor.h"

namespace casebridge::core {

// The contract's chunk size for every document stream.
inline constexpr int64_t kDocumentChunkBytes = 1024 * 1024;

// Runs `work` (returning grpc::Status) on `executor` for a streaming reactor unless the call was
// cancelled, exceptions becoming statuses as in RunUnary; then `next()` on success, else
// `finish(status)`. A full queue finishes with RESOURCE_EXHAUSTED at once. `finish` may delete
// the reactor, so nothing may touch it afterwards.
template <typename Work, typename Next, typename Finish>
void PostStreamWork(BlockingExecutor& executor, grpc::CallbackServerContext* context,
                    const char* method, Work work, Next next, Finish finish) {
  const bool queued = executor.Post([context, method, work, next, finish] {
    grpc::Status status;
    if (context->IsCancelled()) {
      status = grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the call");
    } else {
      try {
        status = work();
      } catch (...) {
        status = StatusFromCurrentException(method);
      }
    }
    if (status.ok()) {
      next();
    } else {
      finish(status);
    }
  });
  if (!queued) {
    finish(StatusWithReason(grpc::StatusCode::RESOURCE_EXHAUSTED,
                            "服务繁忙，请稍后重试 / The service is busy; try again shortly",
                            "SERVER_BUSY"));
  }
}

// One upload: `Request` is a oneof of `Metadata metadata` (first) and `bytes chunk` (each at most
// 1 MiB); `Metadata` has size_bytes and sha256_hex (the client's digest, checked when given).
// Reads run on gRPC's threads and only hash and append; `admit` and `store` run on the executor.
// Exactly one of a pending read or a queued step exists at any time, so members need no lock.
template <typename Request, typename Metadata, typename Response>
class DocumentUploadReactor final : public grpc::ServerReadReactor<Request> {
 public:
  // What the service decides.
  struct Steps {
    const char* method;
    // Every problem of the metadata's own fields, including its size against the limit.
    std::function<void(const Metadata&, FieldViolations&)> validate;
    // Whether `caller` may upload where the metadata says, before any byte is accepted.
    std::function<grpc::Status(const Principal& caller, const Metadata&)> admit;
    // Stores `content`, whose SHA-256 the metadata now carries, and fills the response.
    std::function<grpc::Status(const Principal& caller, const Metadata&, std::string content,
                               Response*)>
        store;
  };

  DocumentUploadReactor(const AccessControl& access, BlockingExecutor& executor,
                        grpc::CallbackServerContext* context, Response* response, Steps steps)
      : executor_(executor), context_(context), response_(response), steps_(std::move(steps)) {
    try {
      caller_ = access.Authenticate(*context);
    } catch (const ServiceError& e) {
      this->Finish(e.status());
      return;
    }
    this->StartRead(&message_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Complete();
    if (!have_metadata_) return AcceptMetadata();
    if (message_.has_metadata()) {
      return Refuse("metadata",
                    "文件信息只能在第一条消息中发送 / only the first message carries the metadata");
    }
    const std::string& chunk = message_.chunk();
    if (static_cast<int64_t>(chunk.size()) > kDocumentChunkBytes) {
      return Refuse("chunk", "每段内容不能超过 1 MiB / each chunk is at most 1 MiB");
    }
    if (static_cast<int64_t>(content_.size() + chunk.size()) > metadata_.size_bytes()) {
      const std::string declared = std::to_string(metadata_.size_bytes());
      return Refuse("metadata.size_bytes", "收到的内容超过声明的文件大小 " + declared +
                                               " 字节 / more content arrived than size_bytes "
                                               "declares (" +
                                               declared + " bytes)");
    }
    digest_.Update(chunk);
    content_.append(chunk);
    this->StartRead(&message_);
  }

  void OnDone() override { delete this; }

 private:
  void AcceptMetadata() {
    if (!message_.has_metadata()) {
      return Refuse("metadata",
                    "第一条消息须为文件信息（metadata），其后才是文件内容 / the first message must "
                    "carry the metadata, the content follows");
    }
    metadata_ = std::move(*message_.mutable_metadata());
    have_metadata_ = true;
    FieldViolations v;
    steps_.validate(metadata_, v);
    if (!v.empty()) return this->Finish(v.ToStatus());
    content_.reserve(static_cast<size_t>(metadata_.size_bytes()));
    Post([this] { return steps_.admit(caller_, metadata_); },
         [this] { this->StartRead(&message_); });
  }

  // The client half-closed (or left): check what arrived, then store it.
  void Complete() {
    if (context_->IsCancelled()) {
      return this->Finish(
          grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the upload"));
    }
    if (!have_metadata_) {
      return Refuse("metadata", "没有收到文件信息（metadata） / the upload carried no metadata");
    }
    if (static_cast<int64_t>(content_.size()) != metadata_.size_bytes()) {
      const std::string got = std::to_string(content_.size());
      const std::string declared = std::to_string(metadata_.size_bytes());
      return Refuse("metadata.size_bytes", "收到 " + got + " 字节，与声明的 " + declared +
                                               " 字节不符，请重新上传 / received " + got +
                                               " bytes, not the " + declared +
                                               " declared; upload the file again");
    }
    const std::string sha256_hex = digest_.FinishHex();
    if (!metadata_.sha256_hex().empty() && metadata_.sha256_hex() != sha256_hex) {
      return Refuse("metadata.sha256_hex",
                    "收到的内容与声明的 SHA-256 不符，文件可能在传输中损坏，请重新上传 / the "
                    "content received does not match the declared SHA-256; the file may have "
                    "been damaged on the way, upload it again");
    }
    // The metadata a retry is compared with carries the digest of what arrived, so the same
    // request_id with the same file replays the first answer and with another file is refused.
    metadata_.set_sha256_hex(sha256_hex);
    Post([this] { return steps_.store(caller_, metadata_, std::move(content_), response_); },
         [this] { this->Finish(grpc::Status::OK); });
  }

  void Refuse(const std::string& field, const std::string& description) {
    FieldViolations v;
    v.Add(field, description);
    this->Finish(v.ToStatus());
  }

  template <typename Work, typename Next>
  void Post(Work work, Next next) {
    PostStreamWork(executor_, context_, steps_.method, work, next,
                   [this](const grpc::Status& s) { this->Finish(s); });
  }

  BlockingExecutor& executor_;
  grpc::CallbackServerContext* context_;
  Response* response_;
  const Steps steps_;
  Principal caller_;
  Request message_;
  Metadata metadata_;
  bool have_metadata_ = false;
  Sha256Stream digest_;
  std::string content_;
};

// One download: `Response` is a oneof of the document's metadata (first) and `bytes chunk`. The
// content is read one slice at a time on the executor, so a download holds at most one chunk in
// memory and no thread while the client reads. The bytes sent are hashed; if they ever differ from
// the recorded SHA-256 the stream ends in DATA_LOSS instead of delivering the last chunk.
template <typename Response>
class DocumentDownloadReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  // What the service decides.
  struct Steps {
    const char* method;
    // Finds the document for `caller` (refusing whoever may not read it), puts its metadata in
    // `first` and tells its size and recorded SHA-256.
    std::function<grpc::Status(const Principal& caller, Response* first, int64_t* size,
                               std::string* sha256_hex)>
        open;
    // Up to `length` bytes of the content from `offset`; nullopt when the content is missing.
    std::function<std::optional<std::string>(int64_t offset, int64_t length)> slice;
  };

  DocumentDownloadReactor(const AccessControl& access, BlockingExecutor& executor,
                          grpc::CallbackServerContext* context, std::string name, Steps steps)
      : executor_(executor), context_(context), name_(std::move(name)), steps_(std::move(steps)) {
    Post([this, access = &access] {
      return steps_.open(access->Authenticate(*context_), &message_, &size_, &sha256_hex_);
    });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      return this->Finish(
          grpc::Status(grpc::StatusCode::CANCELLED, "the download was interrupted"));
    }
    if (offset_ == size_) return this->Finish(grpc::Status::OK);
    Post([this] { return NextChunk(); });
  }

  void OnDone() override { delete this; }

 private:
  grpc::Status NextChunk() {
    const int64_t length = std::min(kDocumentChunkBytes, size_ - offset_);
    std::optional<std::string> slice = steps_.slice(offset_, length);
    if (!slice || static_cast<int64_t>(slice->size()) != length) return Damaged();
    digest_.Update(*slice);
    offset_ += length;
    if (offset_ == size_ && digest_.FinishHex() != sha256_hex_) return Damaged();
    message_.set_chunk(std::move(*slice));
    return grpc::Status::OK;
  }

  grpc::Status Damaged() const {
    return StatusWithReason(grpc::StatusCode::DATA_LOSS,
                            "文件内容与登记的 SHA-256 不符，请联系管理员 / The stored content no "
                            "longer matches its recorded SHA-256; contact the administrator",
                            "DOCUMENT_DAMAGED", {{"name", name_}});
  }

  // Runs `work` on the executor; on success writes message_, else finishes with the refusal.
  template <typename Work>
  void Post(Work work) {
    PostStreamWork(
        executor_, context_, steps_.method, work, [this] { this->StartWrite(&message_); },
        [this](const grpc::Status& s) { this->Finish(s); });
  }

  BlockingExecutor& executor_;
  grpc::CallbackServerContext* context_;
  const std::string name_;
  const Steps steps_;
  int64_t size_ = 0;
  int64_t offset_ = 0;
  std::string sha256_hex_;
  Sha256Stream digest_;
  Response message_;
};

}  // namespace casebridge::core
