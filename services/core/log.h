// Structured logging: one JSON object per line on stderr.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace casebridge::core {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Names the process in every line; call once from main.
void SetLogComponent(std::string component);
void SetMinimumLogLevel(LogLevel level);

using LogField = std::pair<std::string_view, std::string>;

// Writes {"time":..., "level":..., "component":..., "event":..., <fields>} as one line.
void Log(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});

inline void LogInfo(std::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kInfo, event, fields);
}
inline void LogWarning(std::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kWarning, event, fields);
}
inline void LogError(std::string_view event, std::initializer_list<LogField> fields = {}) {
  Log(LogLevel::kError, event, fields);
}

}  // namespace casebridge::core
