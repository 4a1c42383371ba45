// List pagination shared by every service: bounded page sizes and opaque page tokens.
#pragma once

#include <string>
#include <vector>

#include "services/core/errors.h"

namespace casebridge::core {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 or negative means the default; anything above the maximum is capped.
int ClampPageSize(int requested);

// Tokens are opaque to clients: base64url of the sort key of the last item returned.
std::string EncodePageToken(const std::string& last_key);
// The sort key, or "" for an empty token; a token that is not one of ours adds a violation on
// `page_token`.
std::string DecodePageToken(const std::string& token, FieldViolations& violations);

// The terms of a list filter, a conjunction written `term AND term AND ...` (AIP-160 style): the
// text between the " AND "s, untrimmed. An empty filter has no terms.
std::vector<std::string> FilterTerms(const std::string& filter);

// One term of a filter read as `key op value`: op is `=`, `<=` or `>=`, and a value in double
// quotes has them removed.
struct FilterComparison {
  std::string key;
  std::string op;
  std::string value;
};

// The filter's terms as comparisons; each term that is not one adds a violation on `filter`
// naming it, followed by `help` (which terms the list understands).
std::vector<FilterComparison> FilterComparisons(const std::string& filter, const std::string& help,
                                                FieldViolations& violations);

}  // namespace casebridge::core
