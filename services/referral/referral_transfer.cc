// 移送 (国务院令第310号第五条、第六条): the agency sends the referral with its five materials, the
// system numbering and rendering the 移送书 and the 涉案物品清单 and recording every digest; and
// 签收回执 (第七条): the police sign for exactly what was sent, the system rendering the 回执.
#include <google/protobuf/util/time_util.h>

#include <regex>
#include <set>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/core/errors.h"
#include "services/core/rpc.h"
#include "services/law/calendar.h"
#include "services/law/referral_requirements.h"
#include "services/referral/referral_acts.h"
#include "services/referral/referral_documents.h"
#include "services/referral/referral_fields.h"
#include "services/referral/referral_materials.h"
#include "services/referral/referral_rows.h"
#include "services/referral/referral_service.h"
#include "services/referral/referral_transfer_sources.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using core::Principal;
using google::protobuf::util::TimeUtil;
using Material = v1::Referral::Material;
namespace rl = law::referral;

constexpr int kMaxListedMaterials = 50;  // of ④ and of ⑤ in one transfer
constexpr int kMaxEchoedDigests = 2 * kMaxListedMaterials + 4;
constexpr TextRule kNoInspectionReason{"未附检验报告或者鉴定结论的理由",
                                       "reason for no inspection report", 2000, false, false};
constexpr TextRule kJurisdictionNote{"管辖说明", "jurisdiction note", 2000, false, false};
constexpr TextRule kNote{"备注", "note", 2000, false, false};

std::string Indexed(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

std::chrono::system_clock::time_point TimePointOf(const google::protobuf::Timestamp& t) {
  return std::chrono::system_clock::time_point(
      std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(t)));
}

int ShanghaiYear(const google::protobuf::Timestamp& t) {
  return static_cast<int>(law::ShanghaiDate(TimePointOf(t)).year());
}

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The form of the documents a transfer lists as ④ or ⑤: case documents or documents of this
// referral, each once across both lists.
void CheckListedForm(const google::protobuf::RepeatedPtrField<std::string>& names,
                     const std::string& path, const std::string& referral,
                     std::set<std::string>& seen, FieldViolations& v) {
  if (names.size() > kMaxListedMaterials) {
    v.Add(path, "一次最多列出 " + std::to_string(kMaxListedMaterials) + " 份 / at most " +
                    std::to_string(kMaxListedMaterials) + " documents");
    return;
  }
  for (int i = 0; i < names.size(); ++i) {
    const std::optional<DocumentName> own = ParseDocumentName(names[i]);
    if (CaseOfDocument(names[i]).empty() && !(own && "referrals/" + own->referral_id == referral)) {
      v.Add(Indexed(path, i),
            "须为本案材料 caseFiles/{id}/documents/{id} 或本移送的文件 " + referral +
                "/documents/{id} / expected a document of the case, caseFiles/{id}/documents/{id}, "
                "or of this referral, " +
                referral + "/documents/{id}");
    } else if (!seen.insert(names[i]).second) {
      v.Add(Indexed(path, i), "同一文件重复列出 / the document is listed twice");
    }
  }
}

void CheckTransferRequest(const v1::TransferReferralRequest& request, FieldViolations& v) {
  CheckOrganisationName(request.police(), "police", v);
  std::set<std::string> seen;
  CheckListedForm(request.inspection_reports(), "inspection_reports", request.name(), seen, v);
  CheckListedForm(request.other_materials(), "other_materials", request.name(), seen, v);
  CheckText(request.no_inspection_reason(), "no_inspection_reason", kNoInspectionReason, v);
  CheckText(request.jurisdiction_note(), "jurisdiction_note", kJurisdictionNote, v);
  CheckText(request.note(), "note", kNote, v);
  // 310号第六条: ①②③ always (the system makes ① and ③; ② is checked against the report), ④
  // unless the agency says why there is none.
  std::vector<rl::MaterialKind> present = {rl::MaterialKind::kReferralLetter,
                                           rl::MaterialKind::kInvestigationReport,
                                           rl::MaterialKind::kSeizedGoodsList};
  if (!request.inspection_reports().empty()) present.push_back(rl::MaterialKind::kInspectionReport);
  const bool waived = !IsBlank(request.no_inspection_reason());
  for (rl::MaterialKind missing : rl::MissingMaterials(present, waived)) {
    v.Add("no_inspection_reason",
          "未附" + rl::MaterialName(missing) +
              "，须说明理由（国务院令第310号第六条） / without inspection reports or appraisals, "
              "state why there are none (310号 art. 6)");
  }
  if (waived && !request.inspection_reports().empty()) {
    v.Add("no_inspection_reason",
          "已附检验报告或者鉴定结论，不填未附理由 / inspection reports are attached; leave the "
          "reason for having none empty");
  }
}

}  // namespace

// ---- TransferReferral -----------------------------------------------------------------------

grpc::ServerUnaryReactor* ReferralService::TransferReferral(
    Context* context, const v1::TransferReferralRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "TransferReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kTransfer, "TransferReferral",
                            v1::ReferralEvent::TYPE_TRANSFERRED);
    CheckTransferRequest(*request, act.request_problems);

    TransferSources sources;
    act.prepare = [&](const v1::Referral& stored) {
      return sources.Read(*request, stored,
                          SourceReaders{*context, intake_, directory_, pool_, repository_});
    };
    std::vector<NewDocument> generated;
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      generated.clear();
      const google::protobuf::Timestamp& time = act.record_time;
      const std::string agency_id = OrganisationId(r.agency());
      const int year = ShanghaiYear(time);
      const std::string number =
          DocumentNumber(agency_id, kReferralLetterNumber, year,
                         repository_.NextDocumentNumber(
                             tx, agency_id, std::string(kReferralLetterNumber.key), year));
      v1::Referral::Transfer& t = *r.mutable_transfer();
      t.set_police(request->police());
      t.set_referral_letter_number(number);
      t.set_no_inspection_reason(request->no_inspection_reason());
      t.set_jurisdiction_note(request->jurisdiction_note());
      t.set_note(request->note());
      *t.mutable_transferred_by() = ActorOf(caller);
      *t.mutable_transfer_time() = time;
      t.clear_materials();
      r.set_referral_number(number);
      r.set_current_police(request->police());

      const v1::Actor by = ActorOf(caller);
      const DocumentParties parties = sources.parties.ForDocuments();
      auto add_material = [&](Material::Kind kind, const v1::DocumentRef& ref,
                              const std::string& source) {
        Material* m = t.add_materials();
        m->set_kind(kind);
        *m->mutable_document() = ref;
        m->set_source_document(source);
      };
      add_material(Material::KIND_INVESTIGATION_REPORT, sources.investigation_report.content(), "");
      generated.push_back(GeneratedPdf(r.name(), v1::ReferralDocument::KIND_SEIZED_GOODS_LIST,
                                       "涉案物品清单", "涉案物品清单-" + number + ".pdf",
                                       RenderSeizedGoodsList(r, parties, TimePointOf(time)), time,
                                       by));
      add_material(Material::KIND_SEIZED_GOODS_LIST, generated.back().document.content(), "");
      for (const ListedMaterial& listed : sources.listed) {
        if (listed.case_document.name().empty()) {
          add_material(listed.kind, listed.held.content(), "");
          continue;
        }
        // A copy of the case document, so the referral holds what it sent whatever the case
        // later records; its digest is intake's, which the download was checked against.
        v1::ReferralDocument copy;
        copy.set_kind(DocumentKindOf(listed.kind));
        copy.set_title(listed.case_document.title());
        copy.set_description(listed.case_document.description());
        copy.set_source_document(listed.case_document.name());
        copy.mutable_content()->set_file_name(listed.case_document.content().file_name());
        copy.mutable_content()->set_media_type(listed.case_document.content().media_type());
        generated.push_back(MakeDocument(r.name(), std::move(copy), listed.bytes,
                                         listed.case_document.content().sha256_hex(), time, by));
        add_material(listed.kind, generated.back().document.content(), listed.case_document.name());
      }
      // ① comes first but is rendered last: it lists every other material's digest (art. 6).
      NewDocument letter =
          GeneratedPdf(r.name(), v1::ReferralDocument::KIND_REFERRAL_LETTER, "涉嫌犯罪案件移送书",
                       "涉嫌犯罪案件移送书-" + number + ".pdf",
                       RenderReferralLetter(r, parties, TimePointOf(time)), time, by);
      google::protobuf::RepeatedPtrField<Material> others;
      others.Swap(t.mutable_materials());
      add_material(Material::KIND_REFERRAL_LETTER, letter.document.content(), "");
      for (Material& m : others) *t.add_materials() = std::move(m);
      t.set_manifest_sha256_hex(ManifestSha256(r.case_snapshot().sha256_hex(), t.materials()));
      generated.insert(generated.begin(), std::move(letter));
      return grpc::Status::OK;
    };
    act.also_write = [&](pqxx::transaction_base& tx, const v1::Referral&) {
      for (const NewDocument& d : generated) StoreDocument(repository_, tx, d);
    };
    return ApplyAct(caller, act, *request, response);
  });
}

// ---- ReceiveReferral ------------------------------------------------------------------------

namespace {

void CheckReceiveRequest(const v1::ReceiveReferralRequest& request, FieldViolations& v) {
  static const std::regex kHex("^[0-9a-f]{64}$");
  if (request.received_digests().empty()) {
    v.Add("received_digests",
          "须回报收到的每份材料和案件快照的 SHA-256 / echo the SHA-256 of every material "
          "received and of the case snapshot");
  } else if (request.received_digests_size() > kMaxEchoedDigests) {
    v.Add("received_digests", "回报的摘要过多 / too many digests");
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < request.received_digests_size(); ++i) {
    const v1::Referral::MaterialDigest& d = request.received_digests(i);
    const std::string p = Indexed("received_digests", i);
    const std::optional<DocumentName> name = ParseDocumentName(d.document());
    if (!d.document().empty() && !(name && "referrals/" + name->referral_id == request.name())) {
      v.Add(p + ".document", "须为本移送的文件 " + request.name() +
                                 "/documents/{id}，案件快照留空 / expected a document of this "
                                 "referral, or empty for the case snapshot");
    } else if (!seen.insert(d.document()).second) {
      v.Add(p + ".document", d.document().empty()
                                 ? "案件快照的摘要重复 / the case snapshot is echoed twice"
                                 : "同一文件重复回报 / the document is echoed twice");
    }
    if (!std::regex_match(d.sha256_hex(), kHex)) {
      v.Add(p + ".sha256_hex",
            "须为 64 位小写十六进制的 SHA-256 / a SHA-256 is 64 lower-case hexadecimal "
            "characters");
    }
  }
  CheckText(request.remarks(), "remarks", kNote, v);
}

// FAILED_PRECONDITION DIGEST_MISMATCH naming every discrepancy, in the message and one
// google.rpc.PreconditionFailure violation each, beside the ErrorInfo every refusal carries.
grpc::Status DigestMismatch(const std::vector<Discrepancy>& discrepancies) {
  std::string message =
      "签收时核对的 SHA-256 与移送记录不符，未签收，请核对后重新下载 (国务院令第310号第七条) / The "
      "digests echoed do not match what was sent; nothing was signed. Check and download again "
      "(310号 art. 7):";
  google::rpc::PreconditionFailure failure;
  for (size_t i = 0; i < discrepancies.size(); ++i) {
    message += " " + std::to_string(i + 1) + ") " + discrepancies[i].description + ";";
    auto* violation = failure.add_violations();
    violation->set_type("DIGEST_MISMATCH");
    violation->set_subject(discrepancies[i].subject.empty() ? "case_snapshot"
                                                            : discrepancies[i].subject);
    violation->set_description(discrepancies[i].description);
  }
  message.pop_back();
  const grpc::Status with_reason =
      core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION, message, "DIGEST_MISMATCH",
                             {{"discrepancies", std::to_string(discrepancies.size())}});
  google::rpc::Status rich;
  rich.ParseFromString(with_reason.error_details());
  rich.add_details()->PackFrom(failure);
  return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, message, rich.SerializeAsString());
}

}  // namespace

grpc::ServerUnaryReactor* ReferralService::ReceiveReferral(
    Context* context, const v1::ReceiveReferralRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ReceiveReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kReceive, "ReceiveReferral", v1::ReferralEvent::TYPE_RECEIVED);
    CheckReceiveRequest(*request, act.request_problems);

    Parties parties;
    act.prepare = [&](const v1::Referral& stored) {
      return ReadParties(SourceReaders{*context, intake_, directory_, pool_, repository_},
                         stored.agency(), stored.current_police(), &parties);
    };

    NewDocument receipt_pdf;
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      // Refused before anything is written: a receipt is signed for exactly what was sent.
      const std::vector<Discrepancy> discrepancies =
          CompareEchoedDigests(r, request->received_digests());
      if (!discrepancies.empty()) return DigestMismatch(discrepancies);
      const google::protobuf::Timestamp& time = act.record_time;
      const std::string police_id = OrganisationId(r.current_police());
      const int year = ShanghaiYear(time);
      v1::Referral::Receipt receipt;
      receipt.set_police(r.current_police());
      receipt.set_receipt_number(DocumentNumber(
          police_id, kReceiptNumber, year,
          repository_.NextDocumentNumber(tx, police_id, std::string(kReceiptNumber.key), year)));
      *receipt.mutable_echoed_digests() = request->received_digests();
      receipt.set_digests_match(true);
      receipt.set_remarks(request->remarks());
      *receipt.mutable_received_by() = ActorOf(caller);
      *receipt.mutable_receive_time() = time;
      receipt_pdf =
          GeneratedPdf(r.name(), v1::ReferralDocument::KIND_RECEIPT, "涉嫌犯罪案件移送书回执",
                       "回执-" + receipt.receipt_number() + ".pdf",
                       RenderReceipt(r, receipt, parties.ForDocuments()), time, ActorOf(caller));
      receipt.set_receipt_document(receipt_pdf.document.name());
      *r.add_receipts() = std::move(receipt);
      return grpc::Status::OK;
    };
    act.also_write = [&](pqxx::transaction_base& tx, const v1::Referral&) {
      StoreDocument(repository_, tx, receipt_pdf);
    };
    return ApplyAct(caller, act, *request, response);
  });
}

}  // namespace casebridge::referral
