// cbctl referral create|submit|approve|refuse|transfer|withdraw|show|list: starting a referral of
// a case to the police (移送, 国务院令第310号第五条、第六条) up to its transfer; the agency's later
// acts, the documents, the police's acts and the clocks are gathered here too.
#include <filesystem>

#include "clients/cbctl/command.h"
#include "clients/cbctl/referral_documents.h"
#include "clients/cbctl/referral_requests.h"

namespace casebridge::cbctl {
namespace {

int Create(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出要移送的案件 / name the case to refer, e.g. cbctl referral create caseFiles/abc "
        "--member nt.officer --member nt.officer2");
  }
  v1::CreateReferralRequest request;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_referral_id(args.Get("id"));
  v1::Referral& r = *request.mutable_referral();
  r.set_case_file(WithPrefix(args.positional()[0], "caseFiles"));
  for (const std::string& m : args.GetAll("member")) {
    r.mutable_task_force()->add_members(WithPrefix(m, "users"));
  }
  // The officer who starts the referral leads the task force unless told otherwise.
  const std::string me = "users/" + session.config().user;
  const auto& members = r.task_force().members();
  std::string leader = std::find(members.begin(), members.end(), me) != members.end()
                           ? me
                           : (members.empty() ? "" : members[0]);
  if (args.Has("leader")) leader = WithPrefix(args.Get("leader"), "users");
  r.mutable_task_force()->set_leader(leader);
  r.set_prompted_by(args.Get("prompted-by"));
  v1::Referral response;
  auto context = session.Context();
  grpc::Status status = Referrals(session)->CreateReferral(context.get(), request, &response);
  if (!status.ok()) {
    return FailReferral(printer, status, session,
                        FlagsOfFields({{"referral.case_file", "CASE"},
                                       {"referral.task_force.members", "--member"},
                                       {"referral.task_force.leader", "--leader"},
                                       {"referral.task_force", "--member/--leader"},
                                       {"referral.prompted_by", "--prompted-by"},
                                       {"referral_id", "--id"},
                                       {"request_id", "--request-id"}}));
  }
  ShowAfterAct(printer, "已启动移送 / Referral started:", response);
  return 0;
}

int Submit(Session& session, const ParsedArgs& args, const Printer& printer) {
  // A local file given as the report is uploaded first, as material ② (310号第六条).
  std::string report = args.Get("report");
  if (!report.empty() && args.positional().size() == 1 &&
      std::filesystem::is_regular_file(report)) {
    v1::ReferralDocument d;
    d.set_kind(v1::ReferralDocument::KIND_INVESTIGATION_REPORT);
    d.set_title("涉嫌犯罪案件情况的调查报告");
    int exit_code = 0;
    auto stored = UploadToReferral(session, printer, WithPrefix(args.positional()[0], "referrals"),
                                   report, d, "", {}, &exit_code);
    if (!stored) return exit_code;
    printer.Note("已上传调查报告 / Investigation report uploaded: " + stored->name());
    report = stored->name();
  }
  return RunAct<v1::SubmitReportRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral submit referrals/abc --head nt.head "
      "--summary ... --report 调查报告.pdf --offence 213",
      "已向负责人报告 / Reported to the head:", &v1::ReferralService::Stub::SubmitReport,
      [&](const v1::Referral& r, v1::SubmitReportRequest& q, FlagValues& flags) {
        if (args.Has("head")) q.set_head(WithPrefix(args.Get("head"), "users"));
        q.set_summary(args.Get("summary"));
        if (!report.empty()) q.set_investigation_report(ReferralDocumentName(r, report));
        for (v1::Offence o : OffencesFrom(args, "offence", flags)) q.add_suspected_offences(o);
      },
      {{"head", "--head"},
       {"summary", "--summary"},
       {"investigation_report", "--report"},
       {"suspected_offences", "--offence"}});
}

int Approve(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::ApproveReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral approve referrals/abc --opinion "
      "同意移送",
      "已批准移送，须在 24 小时内移送 / Approved; transfer within 24 hours:",
      &v1::ReferralService::Stub::ApproveReferral,
      [&](const v1::Referral&, v1::ApproveReferralRequest& q, FlagValues&) {
        q.set_opinion(args.Get("opinion"));
      },
      {{"opinion", "--opinion"}});
}

int Refuse(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::RefuseReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral refuse referrals/abc --reasons ...",
      "已不批准移送，理由已记录在案 / Refused; the reasons are on record:",
      &v1::ReferralService::Stub::RefuseReferral,
      [&](const v1::Referral&, v1::RefuseReferralRequest& q, FlagValues&) {
        q.set_reasons(args.Get("reasons"));
      },
      {{"reasons", "--reasons"}});
}

int Transfer(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::TransferReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral transfer referrals/abc --police "
      "nt-psb --inspection-report caseFiles/abc/documents/d1",
      "已移送公安机关 / Transferred to the police:", &v1::ReferralService::Stub::TransferReferral,
      [&](const v1::Referral& r, v1::TransferReferralRequest& q, FlagValues&) {
        if (args.Has("police")) q.set_police(WithPrefix(args.Get("police"), "organisations"));
        for (const std::string& d : args.GetAll("inspection-report")) {
          q.add_inspection_reports(d.rfind("caseFiles/", 0) == 0 ? d : ReferralDocumentName(r, d));
        }
        for (const std::string& d : args.GetAll("other")) {
          q.add_other_materials(d.rfind("caseFiles/", 0) == 0 ? d : ReferralDocumentName(r, d));
        }
        q.set_no_inspection_reason(args.Get("no-inspection-reason"));
        q.set_jurisdiction_note(args.Get("jurisdiction-note"));
        q.set_note(args.Get("note"));
      },
      {{"police", "--police"},
       {"inspection_reports", "--inspection-report"},
       {"other_materials", "--other"},
       {"no_inspection_reason", "--no-inspection-reason"},
       {"jurisdiction_note", "--jurisdiction-note"},
       {"note", "--note"}});
}

int Withdraw(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::WithdrawReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral withdraw referrals/abc --reasons ...",
      "已撤回移送 / Withdrawn:", &v1::ReferralService::Stub::WithdrawReferral,
      [&](const v1::Referral&, v1::WithdrawReferralRequest& q, FlagValues&) {
        q.set_reasons(args.Get("reasons"));
      },
      {{"reasons", "--reasons"}});
}

int Show(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个移送 / name one referral, e.g. cbctl referral show referrals/abc");
  }
  v1::Referral r;
  int exit_code = 0;
  if (!FetchReferral(session, args.positional()[0], printer, &r, &exit_code,
                     args.Has("full") ? v1::REFERRAL_VIEW_FULL : v1::REFERRAL_VIEW_BASIC)) {
    return exit_code;
  }
  ShowReferral(printer, r);
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::ListReferralsRequest request;
  std::vector<std::string> terms;
  FlagValues flags(args);
  if (std::optional<int> state = flags.Choice("state", v1::Referral::State_descriptor())) {
    terms.push_back("state=" +
                    v1::Referral::State_Name(static_cast<v1::Referral::State>(*state)).substr(6));
  }
  if (!flags.ok()) return flags.Fail(printer);
  if (args.Has("case")) terms.push_back("case_file=" + WithPrefix(args.Get("case"), "caseFiles"));
  for (const std::string& t : terms) {
    request.set_filter(request.filter() + (request.filter().empty() ? "" : " AND ") + t);
  }
  v1::ListReferralsResponse all;
  do {
    v1::ListReferralsResponse page;
    auto context = session.Context();
    grpc::Status status = Referrals(session)->ListReferrals(context.get(), request, &page);
    if (!status.ok()) {
      return FailReferral(printer, status, session, FlagsOfFields({{"filter", "--state/--case"}}));
    }
    all.mutable_referrals()->MergeFrom(page.referrals());
    request.set_page_token(page.next_page_token());
    all.set_next_page_token(page.next_page_token());
  } while (args.Has("all-pages") && !request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const v1::Referral& r : all.referrals()) rows.push_back(ReferralListRow(r));
  printer.Table(all, ReferralListHeaders(), rows);
  if (!all.next_page_token().empty()) {
    printer.Note("还有更多移送，加 --all-pages 显示全部 / more referrals: add --all-pages");
  }
  return 0;
}

}  // namespace

std::vector<Command> ReferralCommands() {
  std::vector<Command> commands = {
      {{"referral create",
        "Start a referral (启动移送) of a case meeting the threshold, with its task force "
        "(专案组).",
        "CASE",
        {{"member", "USER", "an officer of the task force; at least two (310号第五条)", true},
         {"leader", "USER", "组长 (default: you, when on the task force, else the first member)"},
         {"prompted-by", "TEXT", "what prompted it, e.g. a procuratorate's 检察意见"},
         {"id", "ID", "id part of the referral's name (default: assigned by the service)"},
         {"request-id", "ID", "makes a retry safe (default: a new random id)"}},
        "cbctl referral create caseFiles/abc --member nt.officer --member nt.officer2"},
       Create},
      {{"referral submit",
        "Report to the head of the agency (专案组书面报告, 310号第五条); the head has 3 days.",
        "REFERRAL",
        {{"head", "USER", "the head reported to, e.g. nt.head"},
         {"summary", "TEXT",
          "报告摘要: the facts, the suspected offence, why the threshold is met"},
         {"report", "FILE|DOCUMENT",
          "涉嫌犯罪案件情况的调查报告: a local file (uploaded first) or a document of the "
          "referral"},
         {"offence", "ARTICLE", "涉嫌罪名 by 刑法 article, e.g. 213", true},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral submit referrals/abc --head nt.head --summary ... --report 调查报告.pdf "
        "--offence 213"},
       Submit},
      {{"referral approve",
        "Approve the referral (批准移送, heads of the agency); it must be transferred in 24 hours.",
        "REFERRAL",
        {{"opinion", "TEXT", "审批意见"}, EtagFlag(), RequestIdFlag()},
        "cbctl referral approve referrals/abc --opinion 同意移送"},
       Approve},
      {{"referral refuse",
        "Refuse the referral (不批准移送, heads of the agency), the reasons put on record.",
        "REFERRAL",
        {{"reasons", "TEXT", "不批准理由 (required, 310号第五条)"}, EtagFlag(), RequestIdFlag()},
        "cbctl referral refuse referrals/abc --reasons 证据不足以认定涉嫌犯罪"},
       Refuse},
      {{"referral transfer",
        "Transfer to the police (移送) with the materials of 310号第六条; the 移送书 is generated.",
        "REFERRAL",
        {{"police", "ORGANISATION", "the police organisation, e.g. nt-psb"},
         {"inspection-report", "DOCUMENT",
          "④ 检验报告/鉴定结论: a case document (caseFiles/…/documents/…) or one of the referral",
          true},
         {"no-inspection-reason", "TEXT",
          "why there is no ④ (required without --inspection-report)"},
         {"other", "DOCUMENT", "⑤ 其他有关材料, a case or referral document", true},
         {"jurisdiction-note", "TEXT", "why not the same-level police, when so"},
         {"note", "TEXT", "备注 printed on the 移送书"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral transfer referrals/abc --police nt-psb --inspection-report "
        "caseFiles/abc/documents/d1"},
       Transfer},
      {{"referral withdraw",
        "Withdraw a referral before it is transferred (撤回移送; after approval, heads only).",
        "REFERRAL",
        {{"reasons", "TEXT", "理由 (required)"}, EtagFlag(), RequestIdFlag()},
        "cbctl referral withdraw referrals/abc --reasons 当事人已死亡"},
       Withdraw},
      {{"referral show",
        "Show a referral: its state, clocks with their legal basis, materials, history, next acts.",
        "REFERRAL",
        {{"full", "", "include the case as referred (personal data) in --output json"}},
        "cbctl referral show referrals/abc"},
       Show},
      {{"referral list",
        "List the referrals you may see, newest first.",
        "",
        {{"state", "STATE", "e.g. draft, reported, transferred, received, filed, declined"},
         {"case", "CASE", "only referrals of this case"},
         {"all-pages", "", "fetch every page, not just the first 50"}},
        "cbctl referral list --state transferred"},
       List},
  };
  for (auto group :
       {ReferralFollowUpCommands, ReferralDocumentCommands, PoliceCommands, DeadlineCommands}) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  return commands;
}

}  // namespace casebridge::cbctl
