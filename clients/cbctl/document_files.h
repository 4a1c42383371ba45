// Local files of documents: media types, SHA-256, progress text, and downloads kept when verified.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#include "services/core/digest.h"

namespace casebridge::cbctl {

// The contract's chunk size; files above it show progress on a terminal.
inline constexpr size_t kChunkBytes = 1024 * 1024;
// Uploads and downloads of up to 64 MiB may cross slow links.
inline constexpr std::chrono::minutes kTransferTimeout{30};

// "application/pdf" for "x.PDF" and so on; "" for a type the services do not take.
std::string MediaTypeOf(const std::string& path);

// "上传 / uploading [####····]  50%  1.0 MiB / 2.0 MiB  512 KiB/s".
std::string TransferText(const char* verb, int64_t done, int64_t total, double seconds);

// The SHA-256 of the file at `path`, read in chunks; nullopt when it cannot be read.
std::optional<std::string> FileSha256(const std::string& path);

// Sends `first`, then the file at `path` in chunks, through a client stream `writer`, calling
// `sent` with the bytes sent so far after each chunk, and ends the stream. A refused write means
// the service ended the call (e.g. a refusal after the metadata); the caller's Finish says why.
template <typename Writer, typename Request>
void SendFile(Writer& writer, const Request& first, const std::string& path,
              const std::function<void(int64_t)>& sent = nullptr) {
  std::ifstream in(path, std::ios::binary);
  bool open = writer.Write(first);
  int64_t total = 0;
  Request message;
  std::string& chunk = *message.mutable_chunk();
  while (open && in) {
    chunk.resize(kChunkBytes);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<size_t>(in.gcount()));
    if (chunk.empty()) break;
    open = writer.Write(message);
    total += static_cast<int64_t>(chunk.size());
    if (sent) sent(total);
  }
  if (open) writer.WritesDone();
}

// Writes a download to a part file beside `target` and renames it into place only once its size
// and SHA-256 match what the service recorded; on any failure nothing is left behind.
class VerifiedFile {
 public:
  explicit VerifiedFile(std::string target) : target_(std::move(target)) {}
  ~VerifiedFile();
  VerifiedFile(const VerifiedFile&) = delete;
  VerifiedFile& operator=(const VerifiedFile&) = delete;

  // Creates the part file; "" or why not.
  std::string Open();
  bool Write(const std::string& chunk);
  int64_t bytes() const { return bytes_; }
  // Checks the content and renames it into place; "" or why not.
  std::string Keep(int64_t size, const std::string& sha256_hex);

 private:
  std::string target_;
  std::string part_;
  int fd_ = -1;
  int64_t bytes_ = 0;
  core::Sha256Stream digest_;
};

}  // namespace casebridge::cbctl
