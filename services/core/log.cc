#include "services/core/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace casebridge::core {
namespace {

std::mutex g_mutex;
std::string g_component = "casebridge";
LogLevel g_minimum = LogLevel::kInfo;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<int>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

void SetLogComponent(std::string component) {
  std::lock_guard lock(g_mutex);
  g_component = std::move(component);
}

void SetMinimumLogLevel(LogLevel level) {
  std::lock_guard lock(g_mutex);
  g_minimum = level;
}

void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[40];
  size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ", static_cast<int>(millis.count()));
  std::string line = "{\"time\":";
  AppendJsonString(line, stamp);
  line += ",\"level\":";
  AppendJsonString(line, LevelName(level));
  std::lock_guard lock(g_mutex);
  if (level < g_minimum) return;
  line += ",\"component\":";
  AppendJsonString(line, g_component);
  line += ",\"event\":";
  AppendJsonString(line, event);
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendJsonString(line, key);
    line += ':';
    AppendJsonString(line, value);
  }
  line += "}\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace casebridge::core
