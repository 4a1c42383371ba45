// cbctl police inbox|receive|forward|file|decline|reconsider|handover|reverse: the acts of the
// police organisation a referral was sent to (国务院令第310号第七至九条、第十二条、第十三条).
#include <filesystem>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/document_files.h"
#include "clients/cbctl/names.h"
#include "clients/cbctl/referral_documents.h"
#include "clients/cbctl/referral_requests.h"
#include "services/core/audit.h"

namespace casebridge::cbctl {
namespace {

using Stub = v1::ReferralService::Stub;
using State = v1::Referral;

// What the holding police must do in `state`; "" when nothing awaits them.
std::string AwaitedAct(v1::Referral::State state) {
  switch (state) {
    case State::STATE_TRANSFERRED:
    case State::STATE_FORWARDED:
      return "待签收 receive";
    case State::STATE_RECEIVED:
      return "待决定立案 decide on filing";
    case State::STATE_RECONSIDERATION_REQUESTED:
      return "待复议决定 decide reconsideration";
    case State::STATE_HANDOVER_RECORDED:
      return "待确认移交 confirm hand-over";
    default:
      return "";
  }
}

// The due time of the clock the police must meet now, if one runs.
std::string PoliceDue(const v1::Referral& r) {
  for (const v1::Deadline& d : r.deadlines()) {
    if (d.clock().state() == v1::StatutoryClock::STATE_OPEN &&
        d.clock().responsible_organisation() == r.current_police()) {
      return TimestampText(d.clock().due_time()) + "（" + TimeLeftText(d.clock().due_time()) + "）";
    }
  }
  return "";
}

int Inbox(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::WhoAmIResponse me;
  auto who_context = session.Context();
  grpc::Status status = Accounts(session)->WhoAmI(who_context.get(), {}, &me);
  if (!status.ok()) return Fail(printer, status, session);
  v1::ListReferralsRequest request;
  v1::ListReferralsResponse inbox;
  do {
    v1::ListReferralsResponse page;
    auto context = session.Context();
    status = Referrals(session)->ListReferrals(context.get(), request, &page);
    if (!status.ok()) return FailReferral(printer, status, session);
    for (const v1::Referral& r : page.referrals()) {
      if (r.current_police() == me.organisation().name() &&
          (args.Has("all") || !AwaitedAct(r.state()).empty())) {
        *inbox.add_referrals() = r;
      }
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const v1::Referral& r : inbox.referrals()) {
    rows.push_back({r.name(), ReferralStateText(r.state()), AwaitedAct(r.state()), r.agency(),
                    r.referral_number(), PoliceDue(r)});
  }
  printer.Note("移送给 " + me.organisation().display_name() + " 的案件 / referrals held by " +
               me.organisation().name() + (args.Has("all") ? "" : ", awaiting action") + ":");
  printer.Table(
      inbox, {"NAME", "状态 STATE", "待办 TO DO", "移送机关 AGENCY", "移送书 NUMBER", "期限 DUE"},
      rows);
  return 0;
}

// The SHA-256 of document `name` as downloaded now, kept in `folder` too when one is given;
// "" after noting why not.
std::string ReceivedDigest(Session& session, const std::string& name, const std::string& folder,
                           FlagValues& flags) {
  core::Sha256Stream digest;
  std::optional<VerifiedFile> copy;
  v1::ReferralDocument document;
  grpc::Status status = ReadReferralDocument(session, name, &document, [&](const std::string& c) {
    if (!copy && !folder.empty()) {
      copy.emplace((std::filesystem::path(folder) /
                    std::filesystem::path(document.content().file_name()).filename())
                       .string());
      if (!copy->Open().empty()) return false;
    }
    digest.Update(c);
    return !copy || copy->Write(c);
  });
  if (!status.ok()) {
    flags.Problem("digest", "无法下载 / cannot download " + name + ": " + status.error_message());
    return "";
  }
  const std::string hex = digest.FinishHex();
  if (copy) {
    if (std::string why = copy->Keep(document.content().size_bytes(), hex); !why.empty()) {
      flags.Problem("save", why);
    }
  }
  return hex;
}

int Receive(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::ReceiveReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police receive referrals/abc",
      "已签收，回执已生成；须在 3 日内决定是否立案 / Signed for; the receipt is generated; "
      "decide on filing within 3 days:",
      &Stub::ReceiveReferral,
      [&](const v1::Referral& r, v1::ReceiveReferralRequest& q, FlagValues& flags) {
        std::map<std::string, std::string> given;
        for (const std::string& pair : args.GetAll("digest")) {
          const size_t eq = pair.find('=');
          if (eq == std::string::npos) {
            flags.Problem("digest", "写作 DOCUMENT=SHA256 / write DOCUMENT=SHA256");
          } else {
            given[ReferralDocumentName(r, pair.substr(0, eq))] = pair.substr(eq + 1);
          }
        }
        const std::string folder = args.Get("save");
        if (!folder.empty()) std::filesystem::create_directories(folder);
        for (const auto& m : r.transfer().materials()) {
          const std::string& name = m.document().name();
          auto it = given.find(name);
          const std::string digest =
              it != given.end() ? it->second : ReceivedDigest(session, name, folder, flags);
          auto* echoed = q.add_received_digests();
          echoed->set_document(name);
          echoed->set_sha256_hex(digest);
          printer.Note((it != given.end() ? "给定 / given: " : "已下载核算 / computed: ") +
                       MaterialKindText(m.kind()) + "  " + name + "  " + digest);
        }
        // The case as referred, serialised as the service did when it took the snapshot.
        const std::string snapshot =
            args.Get("snapshot-digest", core::StateDigest(r.case_snapshot().case_file()));
        q.add_received_digests()->set_sha256_hex(snapshot);
        printer.Note("案件快照 / case snapshot  " + snapshot + "\n");
        q.set_remarks(args.Get("remarks"));
      },
      {{"received_digests", "--digest/--snapshot-digest"}, {"remarks", "--remarks"}},
      /*full=*/true);
}

int Forward(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::ForwardReferralRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police forward referrals/abc --to cc-psb "
      "--reasons ...",
      "已转送有管辖权的公安机关 / Forwarded to the competent police:", &Stub::ForwardReferral,
      [&](const v1::Referral& r, v1::ForwardReferralRequest& q, FlagValues&) {
        if (args.Has("to")) q.set_to_police(WithPrefix(args.Get("to"), "organisations"));
        q.set_reasons(args.Get("reasons"));
        if (args.Has("notice")) q.set_notice_document(ReferralDocumentName(r, args.Get("notice")));
      },
      {{"to_police", "--to"}, {"reasons", "--reasons"}, {"notice_document", "--notice"}});
}

int File(Session& session, const ParsedArgs& args, const Printer& printer) {
  using Basis = v1::Referral::Filing;
  return RunAct<v1::FileCaseRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police file referrals/abc --decision-number "
      "通公（经）立字〔2026〕101号 --charge 213",
      "已立案；移送机关须在 3 日内移交涉案物品 / Filed; the agency hands over the goods within "
      "3 days:",
      &Stub::FileCase,
      [&](const v1::Referral& r, v1::FileCaseRequest& q, FlagValues& flags) {
        // Filing straight after the receipt is on review; after a decline the officer says why.
        if (auto basis = flags.Choice("basis", Basis::Basis_descriptor(),
                                      {{"procuratorate", Basis::BASIS_PROCURATORATE_NOTICE},
                                       {"re-examination", Basis::BASIS_OWN_REEXAMINATION}})) {
          q.set_basis(static_cast<Basis::Basis>(*basis));
        } else if (r.state() == v1::Referral::STATE_RECEIVED) {
          q.set_basis(Basis::BASIS_REVIEW);
        }
        q.set_decision_number(args.Get("decision-number"));
        q.set_notice_number(args.Get("notice-number"));
        q.set_procuratorate_notice_number(args.Get("procuratorate-notice"));
        for (v1::Offence o : OffencesFrom(args, "charge", flags)) q.add_charges(o);
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"basis", "--basis"},
       {"decision_number", "--decision-number"},
       {"notice_number", "--notice-number"},
       {"procuratorate_notice_number", "--procuratorate-notice"},
       {"charges", "--charge"},
       {"documents", "--document"}});
}

int Decline(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::DeclineFilingRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police decline referrals/abc --notice-number "
      "... --reasons ...",
      "已不予立案；移送机关可在 3 日内提请复议 / Declined; the agency may request "
      "reconsideration within 3 days:",
      &Stub::DeclineFiling,
      [&](const v1::Referral& r, v1::DeclineFilingRequest& q, FlagValues&) {
        q.set_notice_number(args.Get("notice-number"));
        q.set_reasons(args.Get("reasons"));
        for (const std::string& law : args.GetAll("law"))
          *q.add_legal_basis() = LegalBasisFrom(law);
        q.set_materials_returned(args.Has("materials-returned"));
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"notice_number", "--notice-number"},
       {"reasons", "--reasons"},
       {"legal_basis", "--law"},
       {"documents", "--document"}});
}

int Reconsider(Session& session, const ParsedArgs& args, const Printer& printer) {
  using Outcome = v1::Referral::Reconsideration;
  return RunAct<v1::DecideReconsiderationRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police reconsider referrals/abc --outcome "
      "uphold --decision-number ... --reasons ...",
      "已作出复议决定 / Reconsideration decided:", &Stub::DecideReconsideration,
      [&](const v1::Referral& r, v1::DecideReconsiderationRequest& q, FlagValues& flags) {
        if (auto outcome = flags.Choice("outcome", Outcome::Outcome_descriptor(),
                                        {{"uphold", Outcome::OUTCOME_DECLINE_UPHELD},
                                         {"维持", Outcome::OUTCOME_DECLINE_UPHELD},
                                         {"file", Outcome::OUTCOME_FILED},
                                         {"立案", Outcome::OUTCOME_FILED}})) {
          q.set_outcome(static_cast<Outcome::Outcome>(*outcome));
        }
        q.set_decision_number(args.Get("decision-number"));
        q.set_reasons(args.Get("reasons"));
        q.set_filing_decision_number(args.Get("filing-decision-number"));
        q.set_filing_notice_number(args.Get("filing-notice-number"));
        for (v1::Offence o : OffencesFrom(args, "charge", flags)) q.add_charges(o);
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"outcome", "--outcome"},
       {"decision_number", "--decision-number"},
       {"reasons", "--reasons"},
       {"filing_decision_number", "--filing-decision-number"},
       {"filing_notice_number", "--filing-notice-number"},
       {"charges", "--charge"},
       {"documents", "--document"}});
}

int ConfirmHandover(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::ConfirmHandoverRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police handover referrals/abc",
      "已确认接收移交 / Hand-over confirmed:", &Stub::ConfirmHandover,
      [&](const v1::Referral&, v1::ConfirmHandoverRequest& q, FlagValues&) {
        q.set_discrepancies(args.Get("discrepancies"));
      },
      {{"discrepancies", "--discrepancies"}});
}

int Reverse(Session& session, const ParsedArgs& args, const Printer& printer) {
  using Back = v1::Referral::ReverseTransfer;
  return RunAct<v1::ReverseTransferRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl police reverse referrals/abc --basis too-minor "
      "--reasons ...",
      "已反向移送行政执法机关 / Transferred back to the agency:", &Stub::ReverseTransfer,
      [&](const v1::Referral& r, v1::ReverseTransferRequest& q, FlagValues& flags) {
        if (auto basis = flags.Choice("basis", Back::Basis_descriptor(),
                                      {{"no-crime", Back::BASIS_NO_CRIMINAL_FACTS},
                                       {"没有犯罪事实", Back::BASIS_NO_CRIMINAL_FACTS},
                                       {"显著轻微", Back::BASIS_TOO_MINOR}})) {
          q.set_basis(static_cast<Back::Basis>(*basis));
        }
        q.set_reasons(args.Get("reasons"));
        q.set_police_decision_number(args.Get("decision-number"));
        for (const std::string& law : args.GetAll("law"))
          *q.add_legal_basis() = LegalBasisFrom(law);
        for (auto& item : GoodsFrom(args, "return", r)) *q.add_returned_items() = std::move(item);
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"basis", "--basis"},
       {"reasons", "--reasons"},
       {"police_decision_number", "--decision-number"},
       {"legal_basis", "--law"},
       {"returned_items", "--return"},
       {"documents", "--document"}},
      /*full=*/true);
}

}  // namespace

std::vector<Command> PoliceCommands() {
  const FlagSpec document{"document", "DOCUMENT", "a scan of the notice, uploaded to the referral",
                          true};
  const FlagSpec law{"law", "\"LAW ARTICLE\"",
                     "法律依据, e.g. \"中华人民共和国刑事诉讼法 第一百一十二条\"", true};
  const FlagSpec charge{"charge", "ARTICLE", "立案罪名 by 刑法 article, e.g. 213", true};
  return {
      {{"police inbox",
        "List referrals sent or forwarded to your police organisation that await your action.",
        "",
        {{"all", "", "every referral your organisation holds, awaiting action or not"}},
        "cbctl police inbox"},
       Inbox},
      {{"police receive",
        "Sign for a referral (签收回执, 310号第七条), echoing the SHA-256 of what was received.",
        "REFERRAL",
        {{"digest", "DOCUMENT=SHA256",
          "the digest of a material as you hold it (default: each material is downloaded and "
          "its SHA-256 computed here)",
          true},
         {"snapshot-digest", "SHA256",
          "the case snapshot's digest (default: computed from the case as referred)"},
         {"save", "DIR", "keep the downloaded materials in DIR"},
         {"remarks", "TEXT", "备注"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police receive referrals/abc --save ./收到的材料",
        "Any missing or differing digest refuses the receipt and nothing is signed; the 回执 PDF\n"
        "is generated and listed by cbctl referral documents."},
       Receive},
      {{"police forward",
        "Forward to the competent police organisation (移送有管辖权的机关, 310号第七条).",
        "REFERRAL",
        {{"to", "ORGANISATION", "the competent police, e.g. cc-psb"},
         {"reasons", "TEXT", "理由 (required)"},
         {"notice", "DOCUMENT", "书面告知 to the agency, uploaded to the referral"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police forward referrals/abc --to cc-psb --reasons 犯罪地在崇川区"},
       Forward},
      {{"police file",
        "File the case (立案, 310号第八条) with the 立案决定书 number.",
        "REFERRAL",
        {{"decision-number", "NUMBER", "立案决定书文号 (required)"},
         {"notice-number", "NUMBER", "立案通知书 number sent to the agency"},
         {"basis", "BASIS",
          "review 审查后立案 (default after the receipt), procuratorate 通知立案书, "
          "re-examination 重新审查"},
         {"procuratorate-notice", "NUMBER", "通知立案书 number, for --basis procuratorate"},
         charge,
         document,
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police file referrals/abc --decision-number 通公（经）立字〔2026〕101号 --charge "
        "213"},
       File},
      {{"police decline",
        "Decline to file (不予立案, 310号第八条) with reasons and the notice number.",
        "REFERRAL",
        {{"notice-number", "NUMBER", "不予立案通知书 number (required)"},
         {"reasons", "TEXT", "理由 (required)"},
         law,
         {"materials-returned", "", "the case materials were returned (退回案卷材料)"},
         document,
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police decline referrals/abc --notice-number 通公（经）不立字〔2026〕7号 --reasons "
        "..."},
       Decline},
      {{"police reconsider",
        "Decide a reconsideration (复议决定, 310号第九条): uphold the decline or file.",
        "REFERRAL",
        {{"outcome", "OUTCOME", "uphold 维持不予立案, or file 撤销原决定并立案"},
         {"decision-number", "NUMBER", "复议决定书 number (required)"},
         {"reasons", "TEXT", "理由 (required)"},
         {"filing-decision-number", "NUMBER", "立案决定书文号, for --outcome file"},
         {"filing-notice-number", "NUMBER", "立案通知书 number, for --outcome file"},
         charge,
         document,
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police reconsider referrals/abc --outcome uphold --decision-number ... --reasons "
        "..."},
       Reconsider},
      {{"police handover",
        "Confirm receiving the hand-over (确认接收移交, 310号第十二条), noting discrepancies.",
        "REFERRAL",
        {{"discrepancies", "TEXT", "what differed from the recorded hand-over"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police handover referrals/abc"},
       ConfirmHandover},
      {{"police reverse",
        "Transfer the case back to the agency (反向移送, 310号第十三条).",
        "REFERRAL",
        {{"basis", "BASIS", "no-crime 没有犯罪事实, too-minor 显著轻微, other"},
         {"reasons", "TEXT", "理由 and the administrative liability seen (required)"},
         {"decision-number", "NUMBER", "撤销案件决定书 or similar number"},
         law,
         {"return", "ITEM[=QTY]", "a seized item returned (e.g. s1; default: all of it)", true},
         document,
         EtagFlag(),
         RequestIdFlag()},
        "cbctl police reverse referrals/abc --basis too-minor --reasons ... --return s1"},
       Reverse},
  };
}

}  // namespace casebridge::cbctl
