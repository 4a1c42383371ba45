#include "clients/cbctl/progress_line.h"

#include <unistd.h>

#include <ostream>

namespace casebridge::cbctl {

ProgressLine::ProgressLine(std::ostream& err)
    : err_(err),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressLine::Draw(const std::string& text, bool now) {
  if (!terminal_) return;
  const auto time = std::chrono::steady_clock::now();
  if (!now && drawn_ && time - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = time;
  drawn_ = true;
  // Carriage return, the text, then clear whatever a longer previous line left behind.
  err_ << "\r" << text << "\x1b[K" << std::flush;
}

void ProgressLine::Finish() {
  if (drawn_) err_ << "\n" << std::flush;
  drawn_ = false;
}

double ProgressLine::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressLine::Bar(int64_t done, int64_t total, int width) {
  const int64_t filled = total > 0 ? done * width / total : width;
  std::string bar = "[";
  for (int i = 0; i < width; ++i) bar += i < filled ? "#" : "·";
  const int64_t percent = total > 0 ? done * 100 / total : 100;
  return bar + "] " +
         (percent < 10    ? "  "
          : percent < 100 ? " "
                          : "") +
         std::to_string(percent) + "%";
}

}  // namespace casebridge::cbctl
