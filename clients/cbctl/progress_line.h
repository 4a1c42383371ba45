// A progress line for long transfers: redrawn in place on a terminal, silent otherwise (callers
// print plain lines of their own where a log wants them).
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace casebridge::cbctl {

class ProgressLine {
 public:
  // Draws on `err` only when standard error is a terminal.
  explicit ProgressLine(std::ostream& err);

  bool on_terminal() const { return terminal_; }
  // Replaces the line with `text`; at most ten times a second unless `now`.
  void Draw(const std::string& text, bool now = false);
  // Ends the line, so that what is printed next starts on a line of its own.
  void Finish();
  // Seconds since the line was made.
  double Seconds() const;

  // "[##########··········]  50%" for `done` of `total`.
  static std::string Bar(int64_t done, int64_t total, int width = 24);

 private:
  std::ostream& err_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace casebridge::cbctl
