// cbctl deadlines: the statutory clocks (法定期限) of referrals that the caller's organisation must
// meet, overdue first, then those due soon with the time left.
#include <google/protobuf/util/time_util.h>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/names.h"
#include "clients/cbctl/referral_views.h"

namespace casebridge::cbctl {
namespace {

using google::protobuf::util::TimeUtil;

// "7d", "48h" or "3" (days) → seconds; 0 when unreadable.
int64_t WindowSeconds(const std::string& text) {
  if (text.empty()) return 0;
  const char unit = text.back();
  const std::string digits = (unit == 'd' || unit == 'h') ? text.substr(0, text.size() - 1) : text;
  if (digits.empty() || digits.size() > 4 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  return std::stoll(digits) * (unit == 'h' ? 3600 : 86400);
}

bool ListAll(Session& session, v1::ListDeadlinesRequest request, const Printer& printer,
             v1::ListDeadlinesResponse* out, int* exit_code) {
  do {
    v1::ListDeadlinesResponse page;
    auto context = session.Context();
    grpc::Status status = Referrals(session)->ListDeadlines(context.get(), request, &page);
    if (!status.ok()) {
      *exit_code = FailReferral(printer, status, session);
      return false;
    }
    out->mutable_deadlines()->MergeFrom(page.deadlines());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return true;
}

std::vector<std::vector<std::string>> Rows(const v1::ListDeadlinesResponse& list) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Deadline& d : list.deadlines()) {
    const v1::StatutoryClock& c = d.clock();
    rows.push_back({d.referral(), ClockKindText(d.kind()), LegalBasisText(c.legal_basis()),
                    TimestampText(c.due_time()), TimeLeftText(c.due_time()),
                    c.responsible_organisation()});
  }
  return rows;
}

int Deadlines(Session& session, const ParsedArgs& args, const Printer& printer) {
  const std::string within = args.Get("within", "7d");
  const int64_t window = WindowSeconds(within);
  if (window <= 0) {
    return printer.Error(
        "--within: 写作天数或小时数，如 7d、48h / write days or hours, e.g. 7d, 48h");
  }
  v1::WhoAmIResponse me;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->WhoAmI(context.get(), {}, &me);
  if (!status.ok()) return Fail(printer, status, session);
  // Agencies and police answer for their own clocks; procurators watch every clock in their region.
  std::string scope;
  const v1::OrganisationKind kind = me.organisation().kind();
  if (args.Has("org")) {
    scope = "responsible_organisation=" + WithPrefix(args.Get("org"), "organisations");
  } else if (kind == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY ||
             kind == v1::ORGANISATION_KIND_PUBLIC_SECURITY) {
    scope = "responsible_organisation=" + me.organisation().name();
  }
  auto filter = [&scope](const std::string& term) {
    return scope.empty() ? term : scope + " AND " + term;
  };
  v1::ListDeadlinesRequest request;
  request.set_parent("referrals/-");
  request.set_filter(filter("overdue=true"));
  v1::ListDeadlinesResponse overdue, soon;
  int exit_code = 0;
  if (!ListAll(session, request, printer, &overdue, &exit_code)) return exit_code;
  const google::protobuf::Timestamp until = TimeUtil::SecondsToTimestamp(
      TimeUtil::TimestampToSeconds(TimeUtil::GetCurrentTime()) + window);
  request.set_filter(filter("state=OPEN AND due_time<=" + TimeUtil::ToString(until)));
  if (!ListAll(session, request, printer, &soon, &exit_code)) return exit_code;

  if (printer.format() == OutputFormat::kJson) {
    v1::ListDeadlinesResponse both = overdue;
    both.mutable_deadlines()->MergeFrom(soon.deadlines());
    printer.Record(both, {});
    return 0;
  }
  const std::vector<std::string> headers = {"移送 REFERRAL",  "期限 CLOCK",
                                            "法律依据 BASIS", "到期 DUE",
                                            "剩余 TIME LEFT", "责任单位 RESPONSIBLE"};
  printer.Note(me.organisation().display_name() + " " + me.organisation().name() + "\n");
  printer.Note("⚠ 已超期 / overdue (" + std::to_string(overdue.deadlines_size()) + "):");
  printer.Table(overdue, headers, Rows(overdue));
  printer.Note("\n即将到期 / due within " + within + " (" + std::to_string(soon.deadlines_size()) +
               "):");
  printer.Table(soon, headers, Rows(soon));
  return 0;
}

}  // namespace

std::vector<Command> DeadlineCommands() {
  return {
      {{"deadlines",
        "Show your organisation's referral clocks: overdue first, then those due soon.",
        "",
        {{"within", "DAYS", "how far ahead \"due soon\" looks: 7d (default), 3d, 48h"},
         {"org", "ORGANISATION",
          "the clocks one organisation answers for (procurators, in their region)"}},
        "cbctl deadlines --within 3d",
        "Clocks are those of 国务院令第310号: the head's 3 days, the 24-hour transfer, the "
        "police's\n"
        "3 days to decide on filing, the agency's 3 days to hand over, and the windows for\n"
        "reconsideration and supervision."},
       Deadlines},
  };
}

}  // namespace casebridge::cbctl
