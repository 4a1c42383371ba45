// ListCaseFiles: the filter language of ListCaseFilesRequest, scope, and pagination.
#include <regex>

#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/rpc.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_validation.h"
#include "services/intake/intake_access.h"
#include "services/intake/intake_service.h"
#include "services/law/identifier_text.h"
#include "services/law/region_codes.h"

namespace casebridge::intake {
namespace {

using core::FieldViolations;

const std::string kFilterHelp =
    "可用条件如 state=REFERRED、flagged=true、register_date>=2026-01-01、party=\"某某公司\"，用 "
    "AND 连接 / use terms such as state=REFERRED, flagged=true, register_date>=2026-01-01, "
    "party=\"某公司\", joined by AND";

template <typename Enum>
std::optional<int> ParseEnum(const std::string& value, const std::string& prefix,
                             bool (*parse)(const std::string&, Enum*)) {
  Enum e;
  if (parse(prefix + value, &e) || parse(value, &e)) return static_cast<int>(e);
  return std::nullopt;
}

bool IsDate(const std::string& v) {
  return std::regex_match(v, std::regex(R"(\d{4}-\d{2}-\d{2})"));
}

CaseQuery ParseFilter(const std::string& filter, FieldViolations& v) {
  CaseQuery q;
  static const std::regex kTerm(R"re(^\s*([a-z_]+)\s*(>=|<=|=)\s*(?:"([^"]*)"|(\S+))\s*$)re");
  for (const std::string& term : core::FilterTerms(filter)) {
    std::smatch m;
    if (!std::regex_match(term, m, kTerm)) {
      v.Add("filter", "无法理解 '" + term + "' / cannot read '" + term + "'. " + kFilterHelp);
      continue;
    }
    const std::string key = m[1], op = m[2], value = m[3].matched ? m[3].str() : m[4].str();
    auto bad = [&](const std::string& why) { v.Add("filter", key + ": " + why); };
    if (op != "=" && key != "register_date") {
      bad("只能用 = / only = is allowed here");
    } else if (key == "state") {
      q.state = ParseEnum<v1::CaseFile::State>(value, "STATE_", &v1::CaseFile::State_Parse);
      if (!q.state) bad("未知状态 / unknown state '" + value + "'");
    } else if (key == "agency") {
      q.agency_id = OrganisationId(value);
    } else if (key == "region") {
      if (value.empty() || value.size() > 6 ||
          value.find_first_not_of("0123456789") != std::string::npos) {
        bad("区划前缀须为 1-6 位数字 / a region prefix is 1-6 digits");
      }
      q.region_prefix = value;
    } else if (key == "flagged") {
      if (value != "true" && value != "false") bad("须为 true 或 false / must be true or false");
      q.flagged = value == "true";
    } else if (key == "outcome") {
      q.overall_outcome = ParseEnum<v1::AssessmentOutcome>(value, "ASSESSMENT_OUTCOME_",
                                                           &v1::AssessmentOutcome_Parse);
      if (!q.overall_outcome) bad("未知结论 / unknown outcome '" + value + "'");
    } else if (key == "ip_right") {
      q.ip_right = ParseEnum<v1::IpRight>(value, "IP_RIGHT_", &v1::IpRight_Parse);
      if (!q.ip_right) bad("未知知识产权类型 / unknown IP right '" + value + "'");
    } else if (key == "register_date") {
      if (!IsDate(value)) bad("日期格式为 YYYY-MM-DD / dates are YYYY-MM-DD");
      (op == ">=" ? q.register_from : op == "<=" ? q.register_to : q.register_from) = value;
      if (op == "=") q.register_to = value;
    } else if (key == "party") {
      q.party_substring = law::ToHalfWidth(value);  // stored names are half-width too
    } else if (key == "credit_code") {
      q.credit_code = NormalisedCreditCode(value);
    } else if (key == "id_number") {
      q.id_number = NormalisedIdNumber(
          v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD, value);
    } else if (key == "case_number") {
      q.case_number = value;
    } else {
      bad("不支持的筛选字段 / unknown filter field. " + kFilterHelp);
    }
  }
  return q;
}

}  // namespace

grpc::ServerUnaryReactor* IntakeService::ListCaseFiles(Context* context,
                                                       const v1::ListCaseFilesRequest* request,
                                                       v1::ListCaseFilesResponse* response) {
  return core::RunUnary(context, executor_, "ListCaseFiles", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    return DoList(caller, *request, response);
  });
}

grpc::Status IntakeService::DoList(const core::Principal& caller,
                                   const v1::ListCaseFilesRequest& request,
                                   v1::ListCaseFilesResponse* response) {
  const bool staff = IsAgencyStaff(caller, caller.organisation());
  access_.Require(caller, staff || IsRegionalReader(caller), "ListCaseFiles", "caseFiles",
                  "cases are listed for their own agency, and for procuratorates and coordination "
                  "offices within their region");
  FieldViolations v;
  CaseQuery q = ParseFilter(request.filter(), v);
  if (!q.id_number.empty() && !staff) {
    v.Add("filter",
          "按证件号码查询仅限办案机关 / searching by ID number is for the handling agency only");
  }
  if (request.order_by() == "register_date") {
    q.ascending = true;
  } else if (!request.order_by().empty() && request.order_by() != "register_date desc") {
    v.Add("order_by",
          "可用 register_date 或 register_date desc / use register_date or register_date desc");
  }
  const std::string position = core::DecodePageToken(request.page_token(), v);
  if (!v.empty()) return v.ToStatus();
  if (const size_t bar = position.find('|'); bar != std::string::npos) {
    q.after_date = position.substr(0, bar);
    q.after_id = position.substr(bar + 1);
  }
  // Scope: staff see their agency; regional readers see their region (a narrower region filter
  // is kept, a wider one is clipped to the caller's scope by the prefix test).
  const std::string own_prefix = law::RegionPrefix(caller.region_code()).value_or("\x01");
  if (staff) {
    q.agency_id = OrganisationId(caller.organisation());
  } else if (q.region_prefix.rfind(own_prefix, 0) != 0) {
    if (!q.region_prefix.empty() && own_prefix.rfind(q.region_prefix, 0) != 0)
      return grpc::Status::OK;
    q.region_prefix = own_prefix;
  }
  const int page_size = core::ClampPageSize(request.page_size());
  auto lease = pool_.Acquire();
  pqxx::read_transaction tx(*lease);
  auto rows = repository_.ListCases(tx, q, page_size + 1);
  for (int i = 0; i < static_cast<int>(rows.size()) && i < page_size; ++i) {
    response->add_case_files()->ParseFromString(rows[i].body);
  }
  if (static_cast<int>(rows.size()) > page_size) {
    const CaseRow& last = rows[page_size - 1];
    response->set_next_page_token(core::EncodePageToken(
        (last.register_date.empty() ? "0001-01-01" : last.register_date) + "|" + last.id));
  }
  return grpc::Status::OK;
}

}  // namespace casebridge::intake
