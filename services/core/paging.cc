#include "services/core/paging.h"

#include <regex>

#include "services/core/digest.h"

namespace casebridge::core {

namespace {
constexpr char kTokenTag[] = "p1:";
}

int ClampPageSize(int requested) {
  if (requested <= 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string EncodePageToken(const std::string& last_key) {
  return Base64UrlEncode(kTokenTag + last_key);
}

std::string DecodePageToken(const std::string& token, FieldViolations& violations) {
  if (token.empty()) return "";
  auto decoded = Base64UrlDecode(token);
  if (!decoded || decoded->rfind(kTokenTag, 0) != 0) {
    violations.Add("page_token",
                   "分页标记无效，请使用上一页返回的 next_page_token / not a page token from a "
                   "previous response");
    return "";
  }
  return decoded->substr(sizeof(kTokenTag) - 1);
}

std::vector<std::string> FilterTerms(const std::string& filter) {
  std::vector<std::string> terms;
  for (size_t start = 0; start < filter.size();) {
    const size_t and_pos = filter.find(" AND ", start);
    terms.push_back(
        filter.substr(start, and_pos == std::string::npos ? std::string::npos : and_pos - start));
    start = and_pos == std::string::npos ? filter.size() : and_pos + 5;
  }
  return terms;
}

std::vector<FilterComparison> FilterComparisons(const std::string& filter, const std::string& help,
                                                FieldViolations& violations) {
  static const std::regex kTerm(R"re(^\s*([a-z_]+)\s*(>=|<=|=)\s*(?:"([^"]*)"|(\S+))\s*$)re");
  std::vector<FilterComparison> out;
  for (const std::string& term : FilterTerms(filter)) {
    std::smatch m;
    if (!std::regex_match(term, m, kTerm)) {
      violations.Add("filter", "无法理解 '" + term + "' / cannot read '" + term + "'. " + help);
      continue;
    }
    out.push_back({m[1], m[2], m[3].matched ? m[3].str() : m[4].str()});
  }
  return out;
}

}  // namespace casebridge::core
