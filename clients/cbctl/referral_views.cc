#include "clients/cbctl/referral_views.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/case_views.h"
#include "clients/cbctl/names.h"
#include "services/law/referral_clocks.h"
#include "services/law/referral_workflow.h"

namespace casebridge::cbctl {
namespace {

namespace rl = law::referral;
using google::protobuf::util::TimeUtil;

// The value's name without the prefix its enum's values share: KIND_REFERRAL_LETTER →
// REFERRAL_LETTER.
std::string ShortName(const google::protobuf::EnumDescriptor* e, int value) {
  const google::protobuf::EnumValueDescriptor* v = e->FindValueByNumber(value);
  if (v == nullptr) return std::to_string(value);
  std::string prefix = e->value(0)->name();
  prefix = prefix.substr(0, prefix.rfind("UNSPECIFIED"));
  return v->name().rfind(prefix, 0) == 0 ? v->name().substr(prefix.size()) : v->name();
}

// The cbctl command of each act, for telling officers what to type next.
std::string CommandOf(rl::Act act, rl::State state) {
  switch (act) {
    case rl::Act::kSubmitReport:
      return "cbctl referral submit";
    case rl::Act::kApprove:
      return "cbctl referral approve";
    case rl::Act::kRefuse:
      return "cbctl referral refuse";
    case rl::Act::kTransfer:
      return "cbctl referral transfer";
    case rl::Act::kReceive:
      return "cbctl police receive";
    case rl::Act::kForward:
      return "cbctl police forward";
    case rl::Act::kFile:
      return state == rl::State::kReconsiderationRequested
                 ? "cbctl police reconsider --outcome file"
                 : "cbctl police file";
    case rl::Act::kDecline:
      return "cbctl police decline";
    case rl::Act::kRequestReconsideration:
      return "cbctl referral reconsider";
    case rl::Act::kUpholdDecline:
      return "cbctl police reconsider --outcome uphold";
    case rl::Act::kProposeSupervision:
      return "cbctl referral supervise";
    case rl::Act::kRecordHandover:
      return "cbctl referral handover";
    case rl::Act::kConfirmHandover:
      return "cbctl police handover";
    case rl::Act::kReverseTransfer:
      return "cbctl police reverse";
    case rl::Act::kAcknowledgeReverseTransfer:
      return "cbctl referral acknowledge";
    case rl::Act::kReportAdministrativeOutcome:
      return "cbctl referral outcome";
    case rl::Act::kRecordFineOffset:
      return "cbctl referral offset";
    case rl::Act::kWithdraw:
      return "cbctl referral withdraw";
    default:
      return "";
  }
}

// One line of the act history: when, what, who, particulars.
using HistoryLine = std::tuple<google::protobuf::Timestamp, std::string, std::string, std::string>;

std::vector<HistoryLine> History(const v1::Referral& r) {
  std::vector<HistoryLine> h;
  auto add = [&h](const google::protobuf::Timestamp& t, const std::string& what,
                  const v1::Actor& by, const std::string& detail) {
    if (t.seconds() != 0 || t.nanos() != 0) h.emplace_back(t, what, ActorText(by), detail);
  };
  add(r.create_time(), "启动移送 created", r.created_by(), r.case_file());
  const auto& report = r.report();
  add(report.submit_time(), "专案组报告 report submitted", report.submitted_by(),
      "负责人 head " + report.head());
  const auto& head = r.head_decision();
  add(head.decide_time(), head.approved() ? "批准移送 approved" : "不批准移送 refused",
      head.decided_by(), head.approved() ? head.opinion() : head.refusal_reasons());
  const auto& t = r.transfer();
  add(t.transfer_time(), "移送 transferred", t.transferred_by(),
      t.police() + " " + t.referral_letter_number());
  for (const auto& receipt : r.receipts()) {
    add(receipt.receive_time(), "签收 received", receipt.received_by(),
        receipt.police() + " 回执 " + receipt.receipt_number());
  }
  for (const auto& f : r.forwardings()) {
    add(f.forward_time(), "转送 forwarded", f.forwarded_by(),
        "→ " + f.to_police() + " " + f.reasons());
  }
  const auto& d = r.decline();
  add(d.decline_time(), "不予立案 declined", d.declined_by(),
      d.notice_number() + " " + d.reasons());
  const auto& re = r.reconsideration();
  add(re.request_time(), "提请复议 reconsideration requested", re.requested_by(),
      re.request_reasons());
  add(re.decide_time(),
      re.outcome() == v1::Referral::Reconsideration::OUTCOME_FILED
          ? "复议后立案 filed on reconsideration"
          : "复议维持不予立案 decline upheld",
      re.decided_by(), re.decision_number() + " " + re.decision_reasons());
  const auto& filing = r.filing();
  if (filing.basis() != v1::Referral::Filing::BASIS_RECONSIDERATION) {
    add(filing.file_time(), "立案 filed", filing.filed_by(), filing.decision_number());
  }
  const auto& s = r.supervision_proposal();
  add(s.propose_time(), "提请立案监督 supervision proposed", s.proposed_by(),
      s.procuratorate() + " " + s.reasons());
  const auto& ho = r.handover();
  add(ho.record_time(), "移交 handed over", ho.recorded_by(), "接收人 " + ho.recipient_person());
  add(ho.confirm_time(), "确认移交 hand-over confirmed", ho.confirmed_by(), ho.discrepancies());
  const auto& back = r.reverse_transfer();
  add(back.transfer_time(), "反向移送 transferred back", back.transferred_by(),
      ShortName(v1::Referral::ReverseTransfer::Basis_descriptor(), back.basis()) + " " +
          back.reasons());
  add(back.acknowledge_time(), "接收反向移送 taken back", back.acknowledged_by(),
      back.acknowledge_note());
  const auto& o = r.administrative_outcome();
  add(o.report_time(), "报告行政处理结果 outcome reported", o.reported_by(),
      ShortName(v1::Referral::AdministrativeOutcome::Kind_descriptor(), o.kind()) + " " +
          o.summary());
  for (const auto& f : r.fine_offsets()) {
    add(f.record_time(), "罚款折抵 fine offset", f.recorded_by(),
        FenToYuan(f.offset_amount_fen()) + " 元 " + f.judgment_number());
  }
  const auto& w = r.withdrawal();
  add(w.withdraw_time(), "撤回移送 withdrawn", w.withdrawn_by(), w.reasons());
  std::stable_sort(h.begin(), h.end(), [](const HistoryLine& a, const HistoryLine& b) {
    return std::get<0>(a) < std::get<0>(b);
  });
  return h;
}

void ShowClocks(const Printer& printer, const v1::Referral& r) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Deadline& d : r.deadlines()) rows.push_back(DeadlineRow(d));
  if (rows.empty()) return;
  printer.Note("\n法定期限 / statutory clocks:");
  printer.Table(r, DeadlineHeaders(), rows);
}

}  // namespace

std::unique_ptr<v1::ReferralService::Stub> Referrals(const Session& session) {
  return v1::ReferralService::NewStub(session.Channel(session.config().referral_endpoint));
}

int FailReferral(const Printer& printer, const grpc::Status& status, const Session& session,
                 const std::function<std::string(const std::string& field)>& where) {
  return printer.Error(status, "referral", session.config().referral_endpoint, where);
}

bool FetchReferral(Session& session, const std::string& name, const Printer& printer,
                   v1::Referral* r, int* exit_code, v1::ReferralView view) {
  v1::GetReferralRequest request;
  request.set_name(WithPrefix(name, "referrals"));
  request.set_view(view);
  auto context = session.Context();
  grpc::Status status = Referrals(session)->GetReferral(context.get(), request, r);
  if (!status.ok()) *exit_code = FailReferral(printer, status, session);
  return status.ok();
}

std::string ReferralStateText(v1::Referral::State state) {
  const auto s = static_cast<rl::State>(state);
  return std::string(rl::StateNameZh(s)) + " " + std::string(rl::StateCode(s));
}

std::string ClockKindText(v1::Deadline::Kind kind) {
  const rl::ClockSpec* spec = rl::FindClock(static_cast<rl::ClockKind>(kind));
  const std::string code = ShortName(v1::Deadline::Kind_descriptor(), kind);
  return spec == nullptr ? code : std::string(spec->name_zh) + " " + code;
}

std::string LegalBasisText(const v1::LegalBasis& basis) {
  return basis.instrument() + (basis.article().empty() ? "" : " " + basis.article());
}

std::string TimeLeftText(const google::protobuf::Timestamp& due) {
  const int64_t left =
      TimeUtil::TimestampToSeconds(due) - TimeUtil::TimestampToSeconds(TimeUtil::GetCurrentTime());
  const int64_t span = left < 0 ? -left : left;
  const int64_t days = span / 86400, hours = span % 86400 / 3600, minutes = span % 3600 / 60;
  std::string zh = days > 0 ? std::to_string(days) + " 天 " + std::to_string(hours) + " 小时"
                            : std::to_string(hours) + " 小时 " + std::to_string(minutes) + " 分";
  std::string en = days > 0 ? std::to_string(days) + "d " + std::to_string(hours) + "h"
                            : std::to_string(hours) + "h " + std::to_string(minutes) + "m";
  return left < 0 ? "已超期 " + zh + " / " + en + " overdue" : "还剩 " + zh + " / " + en + " left";
}

std::string MaterialKindText(v1::Referral::Material::Kind kind) {
  static const std::array<const char*, 6> kZh = {
      "", "①移送书", "②调查报告", "③涉案物品清单", "④检验报告/鉴定结论", "⑤其他材料"};
  const auto i = static_cast<size_t>(kind);
  return (i < kZh.size() ? std::string(kZh[i]) + " " : "") +
         ShortName(v1::Referral::Material::Kind_descriptor(), kind);
}

std::string DocumentKindText(v1::ReferralDocument::Kind kind) {
  static const std::array<const char*, 15> kZh = {
      "",         "移送书",   "调查报告", "涉案物品清单", "检验报告/鉴定结论",
      "其他材料", "回执",     "转送告知", "立案通知",     "不予立案通知书",
      "复议",     "立案监督", "移交清单", "反向移送",     "其他"};
  const auto i = static_cast<size_t>(kind);
  return (i < kZh.size() && i > 0 ? std::string(kZh[i]) + " " : "") +
         ShortName(v1::ReferralDocument::Kind_descriptor(), kind);
}

std::vector<std::string> DeadlineHeaders() {
  return {"期限 CLOCK", "法律依据 BASIS", "到期 DUE", "状态 STATE", "责任单位 RESPONSIBLE"};
}

std::vector<std::string> DeadlineRow(const v1::Deadline& d) {
  const v1::StatutoryClock& c = d.clock();
  std::string period = std::to_string(c.period()) +
                       (c.counting_policy() == v1::COUNTING_POLICY_HOURS ? " 小时" : " 日");
  std::string state = ChoiceText(v1::StatutoryClock::State_descriptor(), c.state());
  if (c.state() == v1::StatutoryClock::STATE_OPEN)
    state += "（" + TimeLeftText(c.due_time()) + "）";
  return {ClockKindText(d.kind()), LegalBasisText(c.legal_basis()) + " " + period,
          TimestampText(c.due_time()), state, c.responsible_organisation()};
}

std::vector<std::string> ReferralListHeaders() {
  return {"NAME", "状态 STATE", "案件 CASE", "移送书 NUMBER", "公安 POLICE", "更新 UPDATED"};
}

std::vector<std::string> ReferralListRow(const v1::Referral& r) {
  return {r.name(),           ReferralStateText(r.state()),  r.case_file(), r.referral_number(),
          r.current_police(), TimestampText(r.update_time())};
}

std::vector<std::string> ReferralDocumentHeaders() {
  return {"DOCUMENT", "类型 KIND", "标题 TITLE", "文件 FILE", "大小 SIZE", "SHA-256"};
}

std::vector<std::string> ReferralDocumentRow(const v1::ReferralDocument& d) {
  return {d.name(),
          DocumentKindText(d.kind()) + (d.generated() ? "（系统生成 generated）" : ""),
          d.title(),
          d.content().file_name(),
          BytesText(d.content().size_bytes()),
          d.content().sha256_hex()};
}

std::string NextActsText(v1::Referral::State state) {
  const auto s = static_cast<rl::State>(state);
  if (rl::IsFinal(s))
    return "  该移送已办结，不能再办理任何事项 / the referral is closed: no act is possible\n";
  std::vector<std::pair<rl::Act, std::vector<rl::Role>>> acts;
  for (const rl::Transition& row : rl::Transitions()) {
    if (std::find(row.from.begin(), row.from.end(), s) == row.from.end()) continue;
    auto it =
        std::find_if(acts.begin(), acts.end(), [&](const auto& a) { return a.first == row.act; });
    if (it == acts.end()) it = acts.insert(acts.end(), {row.act, {}});
    for (rl::Role role : row.roles) {
      if (std::find(it->second.begin(), it->second.end(), role) == it->second.end()) {
        it->second.push_back(role);
      }
    }
  }
  std::string text;
  for (const auto& [act, roles] : acts) {
    const std::string command = CommandOf(act, s);
    if (command.empty()) continue;
    std::string who;
    for (rl::Role role : roles)
      who += (who.empty() ? "" : "、") + std::string(rl::RoleNameZh(role));
    text += "  - " + std::string(rl::ActNameZh(act)) + " / " + std::string(rl::ActNameEn(act)) +
            "（" + who + "）: " + command + "\n";
  }
  return text;
}

void ShowReferral(const Printer& printer, const v1::Referral& r) {
  Fields f = {
      {"移送 referral", r.name()},
      {"状态 state", ReferralStateText(r.state()) + " (" +
                         std::string(rl::StateNameEn(static_cast<rl::State>(r.state()))) + ")"},
      {"案件 case", r.case_file()},
      {"移送机关 agency", r.agency()},
      {"区划 region", r.region_code()}};
  if (!r.referral_number().empty()) f.emplace_back("移送书编号 number", r.referral_number());
  if (!r.current_police().empty()) f.emplace_back("公安机关 police", r.current_police());
  std::string members;
  for (const std::string& m : r.task_force().members())
    members += (members.empty() ? "" : ", ") + m;
  f.emplace_back("专案组 task force",
                 members + (r.task_force().leader().empty()
                                ? ""
                                : "（组长 leader " + r.task_force().leader() + "）"));
  f.emplace_back("案件快照 snapshot SHA-256", r.case_snapshot().sha256_hex());
  if (!r.filing().decision_number().empty()) {
    f.emplace_back("立案决定书 filing decision", r.filing().decision_number());
  }
  f.emplace_back("etag", r.etag());
  printer.Record(r, f);
  if (printer.format() != OutputFormat::kTable) return;
  ShowClocks(printer, r);
  if (r.transfer().materials_size() > 0) {
    printer.Note("\n移送材料 / materials transferred (国务院令第310号第六条):");
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : r.transfer().materials()) {
      rows.push_back({MaterialKindText(m.kind()), m.document().name(), m.document().file_name(),
                      m.document().sha256_hex()});
    }
    printer.Table(r, {"材料 MATERIAL", "DOCUMENT", "文件 FILE", "SHA-256"}, rows);
    printer.Note("清单摘要 / manifest SHA-256: " + r.transfer().manifest_sha256_hex());
  }
  std::vector<std::vector<std::string>> history;
  for (const auto& [time, what, by, detail] : History(r)) {
    history.push_back({TimestampText(time), what, by, detail});
  }
  printer.Note("\n办理经过 / history:");
  printer.Table(r, {"时间 TIME", "事项 ACT", "办理人 BY", "说明 DETAILS"}, history);
  printer.Note("\n现在可以办理 / what may be done now:\n" + NextActsText(r.state()));
}

void ShowAfterAct(const Printer& printer, const std::string& done, const v1::Referral& r) {
  printer.Note(done + " " + r.name());
  printer.Record(r, {{"状态 state", ReferralStateText(r.state())}, {"etag", r.etag()}});
  if (printer.format() != OutputFormat::kTable) return;
  std::vector<std::vector<std::string>> rows;
  for (const v1::Deadline& d : r.deadlines()) {
    if (d.clock().state() == v1::StatutoryClock::STATE_OPEN) rows.push_back(DeadlineRow(d));
  }
  if (!rows.empty()) {
    printer.Note("\n计时中的期限 / clocks running:");
    printer.Table(r, DeadlineHeaders(), rows);
  }
  printer.Note("\n下一步 / next:\n" + NextActsText(r.state()));
}

}  // namespace casebridge::cbctl
