#include "services/referral/referral_transfer_sources.h"

#include <regex>

#include "services/core/errors.h"
#include "services/law/referral_requirements.h"
#include "services/referral/referral_document_records.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using Material = v1::Referral::Material;
namespace rl = law::referral;

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// ④ as 310号第六条 names it, 有关检验报告或者鉴定结论: an institution's inspection report or
// appraisal, and the conclusions that stand in for one in IP cases (the right holder's
// identification of counterfeits, a price appraisal).
bool IsInspectionKind(v1::CaseDocument::Kind kind) {
  return kind == v1::CaseDocument::KIND_INSPECTION_REPORT ||
         kind == v1::CaseDocument::KIND_APPRAISAL_OPINION ||
         kind == v1::CaseDocument::KIND_RIGHT_HOLDER_IDENTIFICATION ||
         kind == v1::CaseDocument::KIND_PRICE_APPRAISAL;
}

constexpr char kNotInspection[] =
    "不是检验报告或者鉴定结论，请列入 other_materials / not an inspection report or appraisal; "
    "list it under other_materials";

// An organisation for the documents; NOT_FOUND is the caller's to word, a directory that does
// not answer refuses the act.
grpc::Status ReadOrganisation(const SourceReaders& readers, const std::string& name,
                              v1::Organisation* out) {
  grpc::Status s = readers.directory == nullptr
                       ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "no organisation directory")
                       : readers.directory->Get(readers.caller, name, out);
  if (s.ok() || s.error_code() == grpc::StatusCode::NOT_FOUND) return s;
  return core::StatusWithReason(grpc::StatusCode::UNAVAILABLE,
                                "暂时无法读取单位目录，请稍后重试 / The organisation directory "
                                "cannot be read just now; try again shortly (" +
                                    s.error_message() + ")",
                                "DIRECTORY_UNAVAILABLE");
}

// An organisation the referral records (its agency, its police), which the directory should
// know; FAILED_PRECONDITION when it does not.
grpc::Status ReadRecordedOrganisation(const SourceReaders& readers, const std::string& name,
                                      v1::Organisation* out) {
  grpc::Status s = ReadOrganisation(readers, name, out);
  if (s.error_code() != grpc::StatusCode::NOT_FOUND) return s;
  return core::StatusWithReason(
      grpc::StatusCode::FAILED_PRECONDITION,
      name + " 不在单位目录中 / " + name + " is not in the organisation directory",
      "ORGANISATION_UNKNOWN");
}

// The police a transfer names: an organisation of the police (310号 art. 3), at the agency's
// own level unless the jurisdiction note says why not (art. 5).
grpc::Status CheckPolice(const v1::TransferReferralRequest& request, const v1::Referral& stored,
                         const v1::Organisation& police, grpc::Status read, FieldViolations& v) {
  if (read.error_code() == grpc::StatusCode::NOT_FOUND) {
    v.Add("police",
          "没有单位 " + request.police() + " / there is no organisation " + request.police());
  } else if (!read.ok()) {
    return read;
  } else if (police.kind() != v1::ORGANISATION_KIND_PUBLIC_SECURITY) {
    v.Add("police", police.display_name() +
                        "不是公安机关，只能移送公安机关（国务院令第310号第三条） / " +
                        request.police() +
                        " is not a public security organisation; referrals go to the police "
                        "(310号 art. 3)");
  } else if (police.region_code() != stored.region_code() && IsBlank(request.jurisdiction_note())) {
    v.Add("jurisdiction_note", police.display_name() +
                                   "不是同级公安机关，须说明管辖理由（国务院令第310号第五条） / " +
                                   request.police() +
                                   " is not the police at the agency's own level; say why it "
                                   "has jurisdiction (310号 art. 5)");
  }
  return grpc::Status::OK;
}

// The document `name` if it is one of the referral `stored` holds.
bool Held(pqxx::transaction_base& tx, ReferralRepository& repository, const v1::Referral& stored,
          const std::string& name, v1::ReferralDocument* out) {
  const std::optional<DocumentName> parsed = ParseDocumentName(name);
  if (!parsed || "referrals/" + parsed->referral_id != stored.name()) return false;
  auto row = repository.FindDocument(tx, parsed->referral_id, parsed->document_id);
  if (row) out->ParseFromString(row->body);
  return row.has_value();
}

// One listed case document, downloaded from intake as the caller with its digest checked.
grpc::Status ReadCaseDocument(const SourceReaders& readers, const std::string& name,
                              const std::string& path, ListedMaterial& m, FieldViolations& v) {
  grpc::Status d =
      readers.intake.DownloadDocument(readers.caller, name, &m.case_document, &m.bytes);
  if (d.error_code() == grpc::StatusCode::NOT_FOUND ||
      d.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
      d.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    v.Add(path,
          "案件中没有该材料，或您无权读取 / the case has no such document, or you may not "
          "read it");
  } else if (d.error_code() == grpc::StatusCode::DATA_LOSS) {
    return d;
  } else if (!d.ok()) {
    return grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        "暂时无法从案件录入读取材料，请稍后重试 / The case documents cannot be read "
        "from intake just now; try again shortly (" +
            d.error_message() + ")");
  } else if (m.kind == Material::KIND_INSPECTION_REPORT &&
             !IsInspectionKind(m.case_document.kind())) {
    v.Add(path, std::string("该材料") + kNotInspection);
  }
  return grpc::Status::OK;
}

}  // namespace

DocumentParties Parties::ForDocuments() const {
  return DocumentParties{.agency_name = agency.display_name(),
                         .police_name = police.display_name()};
}

grpc::Status ReadParties(const SourceReaders& readers, const std::string& agency,
                         const std::string& police, Parties* out) {
  grpc::Status s = ReadRecordedOrganisation(readers, agency, &out->agency);
  return s.ok() ? ReadRecordedOrganisation(readers, police, &out->police) : s;
}

std::string CaseOfDocument(const std::string& name) {
  static const std::regex kCaseDocument("^caseFiles/([^/]+)/documents/[^/]+$");
  std::smatch m;
  return std::regex_match(name, m, kCaseDocument) ? m[1].str() : "";
}

grpc::Status TransferSources::Read(const v1::TransferReferralRequest& request,
                                   const v1::Referral& stored, const SourceReaders& readers) {
  FieldViolations v;
  grpc::Status s = CheckPolice(request, stored, parties.police,
                               ReadOrganisation(readers, request.police(), &parties.police), v);
  if (!s.ok()) return s;
  if (s = ReadRecordedOrganisation(readers, stored.agency(), &parties.agency); !s.ok()) return s;
  auto lease = readers.pool.Acquire();
  pqxx::read_transaction tx(*lease);
  for (auto [names, path, kind] :
       {std::tuple{&request.inspection_reports(), "inspection_reports",
                   Material::KIND_INSPECTION_REPORT},
        std::tuple{&request.other_materials(), "other_materials", Material::KIND_OTHER}}) {
    for (int i = 0; i < names->size(); ++i) {
      ListedMaterial& m = listed.emplace_back();
      m.kind = kind;
      const std::string& name = names->Get(i);
      const std::string p = std::string(path) + "[" + std::to_string(i) + "]";
      const std::string case_id = CaseOfDocument(name);
      if (name == stored.report().investigation_report()) {
        v.Add(p,
              "调查报告已作为材料②移送，不再重复列出 / the investigation report is sent as "
              "material ② already");
      } else if (case_id.empty()) {
        if (!Held(tx, readers.repository, stored, name, &m.held)) {
          v.Add(p,
                "本移送没有该文件，请先上传 / this referral holds no such document; upload it "
                "first");
        } else if (kind == Material::KIND_INSPECTION_REPORT &&
                   m.held.kind() != v1::ReferralDocument::KIND_INSPECTION_REPORT) {
          v.Add(p, std::string("该文件") + kNotInspection);
        }
      } else if ("caseFiles/" + case_id != stored.case_file()) {
        const std::string& c = stored.case_file();
        v.Add(p, "须为本案（" + c + "）的材料 / expected a document of the referred case, " + c);
      } else if (s = ReadCaseDocument(readers, name, p, m, v); !s.ok()) {
        return s;
      }
    }
  }
  if (!v.empty()) return v.ToStatus();
  // ② was named when the task force reported (art. 5); it must still be a document here.
  if (!Held(tx, readers.repository, stored, stored.report().investigation_report(),
            &investigation_report)) {
    return core::StatusWithReason(
        grpc::StatusCode::FAILED_PRECONDITION,
        "缺少" + rl::MaterialName(rl::MaterialKind::kInvestigationReport) +
            "：专案组报告未附本移送的调查报告文件（国务院令第310号第六条） / the task force's "
            "report names no investigation report document of this referral (310号 art. 6)",
        "MATERIALS_MISSING");
  }
  return grpc::Status::OK;
}

}  // namespace casebridge::referral
