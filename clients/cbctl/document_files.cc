#include "clients/cbctl/document_files.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/progress_line.h"

namespace casebridge::cbctl {
namespace {

// The part file of a download in progress, removed if the download is interrupted: a signal
// handler may only use what is async-signal-safe, hence a fixed buffer and unlink.
char part_path[4096];

void RemovePartAndExit(int signal) {
  if (part_path[0] != '\0') ::unlink(part_path);
  ::_exit(128 + signal);
}

}  // namespace

std::string MediaTypeOf(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".pdf") return "application/pdf";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".png") return "image/png";
  if (extension == ".ofd") return "application/ofd";
  return "";  // the service names the types it accepts
}

std::string TransferText(const char* verb, int64_t done, int64_t total, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  return std::string(verb) + " " + ProgressLine::Bar(done, total) + "  " + BytesText(done) + " / " +
         BytesText(total) + "  " + BytesText(static_cast<int64_t>(rate)) + "/s";
}

std::optional<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  core::Sha256Stream digest;
  std::string chunk(kChunkBytes, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    digest.Update(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())));
  }
  if (in.bad()) return std::nullopt;
  return digest.FinishHex();
}

VerifiedFile::~VerifiedFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!part_.empty()) ::unlink(part_.c_str());
  part_path[0] = '\0';
}

std::string VerifiedFile::Open() {
  std::string pattern = target_ + ".part-XXXXXX";
  if (pattern.size() >= sizeof part_path) return "路径太长 / the path is too long";
  // mkstemp makes it 0600: documents may hold personal data, so only their reader sees them.
  fd_ = ::mkstemp(pattern.data());
  if (fd_ < 0) return std::strerror(errno);
  part_ = pattern;
  std::strncpy(part_path, part_.c_str(), sizeof part_path - 1);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, RemovePartAndExit);
  return "";
}

bool VerifiedFile::Write(const std::string& chunk) {
  digest_.Update(chunk);
  bytes_ += static_cast<int64_t>(chunk.size());
  for (size_t done = 0; done < chunk.size();) {
    const ssize_t n = ::write(fd_, chunk.data() + done, chunk.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string VerifiedFile::Keep(int64_t size, const std::string& sha256_hex) {
  const std::string actual = digest_.FinishHex();
  if (bytes_ != size || actual != sha256_hex) {
    return "收到的内容（" + std::to_string(bytes_) + " 字节，SHA-256 " + actual +
           "）与登记的不符（" + std::to_string(size) + " 字节，" + sha256_hex +
           "），未保存任何文件 / the content received does not match the recorded size and "
           "SHA-256; nothing was saved";
  }
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    return std::strerror(errno);
  }
  fd_ = -1;
  if (::rename(part_.c_str(), target_.c_str()) != 0) return std::strerror(errno);
  part_.clear();
  return "";
}

}  // namespace casebridge::cbctl
