// UploadDocument: a client stream of metadata then chunks, hashed as it arrives, stored with the
// case in one transaction through ApplyAct.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <regex>
#include <set>

#include "services/core/digest.h"
#include "services/core/document_streams.h"
#include "services/core/errors.h"
#include "services/core/request_log.h"
#include "services/intake/case_rows.h"
#include "services/intake/intake_access.h"
#include "services/intake/intake_service.h"
#include "services/intake/party_validation.h"
#include "services/law/calendar.h"

namespace casebridge::intake {
namespace {

using core::FieldViolations;
using validation::CheckText;
using validation::TextRule;

// The contract's chunk size, and its limit on documents per case (CaseFile).
constexpr size_t kMaxChunkBytes = 1024 * 1024;
constexpr int kMaxDocumentsPerCase = 1000;
constexpr int kMaxSeizedItemRefs = 1000;

constexpr TextRule kTitle{"标题", "title", 200, true};
constexpr TextRule kIssuer{"出具单位", "issuing institution", 200};
constexpr TextRule kDescription{"说明", "description", 2000, false, false};
constexpr TextRule kFileName{"文件名", "file name", 255, true};

const std::set<std::string>& MediaTypes() {
  static const std::set<std::string> kTypes = {"application/pdf", "image/jpeg", "image/png",
                                               "application/ofd"};
  return kTypes;
}

// Kinds issued by an institution or the right holder: who issued them and when decides what they
// prove, so both are required.
bool IsIssuedKind(v1::CaseDocument::Kind kind) {
  return kind == v1::CaseDocument::KIND_INSPECTION_REPORT ||
         kind == v1::CaseDocument::KIND_APPRAISAL_OPINION ||
         kind == v1::CaseDocument::KIND_RIGHT_HOLDER_IDENTIFICATION ||
         kind == v1::CaseDocument::KIND_PRICE_APPRAISAL;
}

std::string MegabytesText(int64_t bytes) {
  const int64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " MB";
}

void CheckIssueDate(const v1::Date& date, const std::string& path, FieldViolations& v) {
  const std::chrono::year_month_day ymd{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (date.year() < 1900 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || !ymd.ok()) {
    v.Add(path, "出具日期不是真实存在的日期 / the issue date is not a real date");
  } else if (ymd > law::ShanghaiDate(std::chrono::system_clock::now())) {
    v.Add(path, "出具日期不能晚于今天 / the issue date cannot be after today");
  }
}

// Every problem of the metadata's own fields; references into the stored case are checked later,
// against the case as it is in the transaction (CheckReferences).
void ValidateMetadata(const v1::UploadDocumentMetadata& m, int64_t max_bytes, FieldViolations& v) {
  if (auto problem = core::CheckRequestId(m.request_id()); !problem.empty()) {
    v.Add("metadata.request_id", problem);
  }
  if (CaseIdFromName(m.parent()).empty()) {
    v.Add("metadata.parent",
          "须为案件名称，格式 caseFiles/{id} / the case, written caseFiles/{id}");
  }
  const v1::CaseDocument& d = m.document();
  const std::string path = "metadata.document.";
  if (d.kind() == v1::CaseDocument::KIND_UNSPECIFIED || !v1::CaseDocument::Kind_IsValid(d.kind())) {
    v.Add(path + "kind",
          "须选择材料类型，如检验报告、鉴定意见 / choose the kind of document, e.g. inspection "
          "report or appraisal opinion");
  }
  CheckText(d.title(), kTitle, path + "title", v);
  TextRule issuer = kIssuer;
  issuer.required = IsIssuedKind(d.kind());
  CheckText(d.issuer(), issuer, path + "issuer", v);
  if (d.has_issue_date()) {
    CheckIssueDate(d.issue_date(), path + "issue_date", v);
  } else if (IsIssuedKind(d.kind())) {
    v.Add(path + "issue_date", "须填写出具日期 / the issue date is required for this kind");
  }
  CheckText(d.description(), kDescription, path + "description", v);
  if (d.seized_items_size() > kMaxSeizedItemRefs) {
    v.Add(path + "seized_items", "涉案物品不能超过 1000 项 / at most 1,000 seized items");
  }
  const std::string& file_name = d.content().file_name();
  if (CheckText(file_name, kFileName, path + "content.file_name", v) &&
      file_name.find_first_of("/\\") != std::string::npos) {
    v.Add(path + "content.file_name",
          "文件名不能包含 / 或 \\，只填文件本身的名称 / give the file's own name, without "
          "folders (no / or \\)");
  }
  if (!MediaTypes().contains(d.content().media_type())) {
    v.Add(path + "content.media_type",
          "只接受 PDF、JPEG、PNG 或 OFD 文件（application/pdf、image/jpeg、image/png、"
          "application/ofd） / only PDF, JPEG, PNG or OFD files are accepted");
  }
  if (m.size_bytes() < 1 || m.size_bytes() > max_bytes) {
    v.Add("metadata.size_bytes",
          m.size_bytes() < 1
              ? "须填写文件大小（字节），文件不能为空 / give the file's size in bytes; the file "
                "cannot be empty"
              : "文件大小 " + MegabytesText(m.size_bytes()) + " 超过上限 " +
                    MegabytesText(max_bytes) + "，请压缩或分成几份上传 / the file (" +
                    MegabytesText(m.size_bytes()) + ") is larger than the limit of " +
                    MegabytesText(max_bytes) + "; compress it or upload it in parts");
  }
  static const std::regex kHex("^[0-9a-f]{64}$");
  if (!m.sha256_hex().empty() && !std::regex_match(m.sha256_hex(), kHex)) {
    v.Add("metadata.sha256_hex",
          "须为 64 位小写十六进制的 SHA-256，或留空 / a SHA-256 is 64 lower-case hexadecimal "
          "characters; leave it empty if you have none");
  }
}

// The seized items and the superseded document must belong to the case.
void CheckReferences(const v1::CaseDocument& d, const v1::CaseFile& c, FieldViolations& v) {
  std::set<std::string> items, seen;
  for (const auto& item : c.seized_items()) items.insert(item.name());
  for (int i = 0; i < d.seized_items_size(); ++i) {
    const std::string path = "metadata.document.seized_items[" + std::to_string(i) + "]";
    if (!items.contains(d.seized_items(i))) {
      v.Add(path, "本案没有涉案物品 " + d.seized_items(i) + " / this case has no seized item " +
                      d.seized_items(i));
    } else if (!seen.insert(d.seized_items(i)).second) {
      v.Add(path, "涉案物品重复 / this seized item is listed twice");
    }
  }
  if (!d.supersedes().empty() &&
      std::none_of(c.documents().begin(), c.documents().end(),
                   [&](const v1::CaseDocument& other) { return other.name() == d.supersedes(); })) {
    v.Add("metadata.document.supersedes",
          "本案没有材料 " + d.supersedes() + " / this case has no document " + d.supersedes());
  }
}

grpc::Status Refusal(const std::string& field, const std::string& description) {
  FieldViolations v;
  v.Add(field, description);
  return v.ToStatus();
}

}  // namespace

// One upload. Reads run on gRPC's threads and only hash and append; the permission check after
// the metadata and the final write run on the BlockingExecutor. Exactly one of a pending read or a
// queued task exists at any time, so the members need no lock.
class IntakeService::DocumentUpload final
    : public grpc::ServerReadReactor<v1::UploadDocumentRequest> {
 public:
  DocumentUpload(IntakeService& service, Context* context, v1::CaseDocument* response)
      : service_(service), context_(context), response_(response) {
    try {
      caller_ = service_.access_.Authenticate(*context);
    } catch (const core::ServiceError& e) {
      Finish(e.status());
      return;
    }
    StartRead(&message_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Complete();
    if (!have_metadata_) return AcceptMetadata();
    if (message_.has_metadata()) {
      return Finish(Refusal("metadata",
                            "材料信息只能在第一条消息中发送 / only the first message carries the "
                            "metadata"));
    }
    const std::string& chunk = message_.chunk();
    if (chunk.size() > kMaxChunkBytes) {
      return Finish(Refusal("chunk", "每段内容不能超过 1 MiB / each chunk is at most 1 MiB"));
    }
    if (static_cast<int64_t>(content_.size() + chunk.size()) > metadata_.size_bytes()) {
      return Finish(Refusal("metadata.size_bytes",
                            "收到的内容超过声明的文件大小 " +
                                std::to_string(metadata_.size_bytes()) +
                                " 字节 / more content arrived than size_bytes declares (" +
                                std::to_string(metadata_.size_bytes()) + " bytes)"));
    }
    digest_.Update(chunk);
    content_.append(chunk);
    StartRead(&message_);
  }

  void OnDone() override { delete this; }

 private:
  void AcceptMetadata() {
    if (!message_.has_metadata()) {
      return Finish(Refusal("metadata",
                            "第一条消息须为材料信息（metadata），其后才是文件内容 / the first "
                            "message must carry the metadata, the content follows"));
    }
    metadata_ = std::move(*message_.mutable_metadata());
    have_metadata_ = true;
    FieldViolations v;
    ValidateMetadata(metadata_, service_.max_document_bytes_, v);
    if (!v.empty()) return Finish(v.ToStatus());
    content_.reserve(static_cast<size_t>(metadata_.size_bytes()));
    // Check permission before accepting megabytes from someone who may not upload here.
    RunBlocking([this] {
      CaseRow row;
      grpc::Status s = service_.ReadableCase(caller_, metadata_.parent(), "UploadDocument", &row);
      if (!s.ok()) return s;
      service_.access_.Require(caller_,
                               IsAgencyStaff(caller_, "organisations/" + row.agency_id) &&
                                   caller_.HasRole(v1::ROLE_OFFICER),
                               "UploadDocument", metadata_.parent(),
                               "only officers of the case's own agency do this");
      return grpc::Status::OK;
    });
  }

  // The client half-closed (or left): check what arrived, then store it.
  void Complete() {
    if (context_->IsCancelled()) {
      return Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the caller cancelled the upload"));
    }
    if (!have_metadata_) {
      return Finish(
          Refusal("metadata", "没有收到材料信息（metadata） / the upload carried no metadata"));
    }
    if (static_cast<int64_t>(content_.size()) != metadata_.size_bytes()) {
      return Finish(
          Refusal("metadata.size_bytes",
                  "收到 " + std::to_string(content_.size()) + " 字节，与声明的 " +
                      std::to_string(metadata_.size_bytes()) + " 字节不符，请重新上传 / received " +
                      std::to_string(content_.size()) + " bytes, not the " +
                      std::to_string(metadata_.size_bytes()) + " declared; upload the file again"));
    }
    sha256_hex_ = digest_.FinishHex();
    if (!metadata_.sha256_hex().empty() && metadata_.sha256_hex() != sha256_hex_) {
      return Finish(Refusal("metadata.sha256_hex",
                            "收到的内容与声明的 SHA-256 不符，文件可能在传输中损坏，请重新上传 / "
                            "the content received does not match the declared SHA-256; the file "
                            "may have been damaged on the way, upload it again"));
    }
    RunBlocking([this] { return Store(); }, /*finish_on_ok=*/true);
  }

  // Adds the document to the case and its bytes beside it, in one transaction. The request digest
  // covers the content (through its SHA-256), so a retry with the same request_id and the same file
  // replays the first result and the same id with another file is refused.
  grpc::Status Store() {
    v1::UploadDocumentMetadata request = metadata_;
    request.set_sha256_hex(sha256_hex_);
    const std::string case_id = CaseIdFromName(metadata_.parent());
    std::string document_id;
    CaseAct act;
    act.method = "UploadDocument";
    act.event_type = v1::CaseEvent::TYPE_DOCUMENT_ADDED;
    act.case_name = metadata_.parent();
    act.takes_etag = false;  // adding a document overwrites nobody's change
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      if (c.documents_size() >= kMaxDocumentsPerCase) {
        return core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION,
                                      "本案材料已达 1000 份上限 / this case already has the "
                                      "maximum of 1,000 documents",
                                      "TOO_MANY_DOCUMENTS");
      }
      FieldViolations v;
      CheckReferences(metadata_.document(), c, v);
      if (!v.empty()) return v.ToStatus();
      document_id = core::HexEncode(core::RandomBytes(10));
      v1::CaseDocument* d = c.add_documents();
      *d = metadata_.document();
      d->set_name(metadata_.parent() + "/documents/" + document_id);
      v1::DocumentRef* content = d->mutable_content();
      content->set_name(d->name());
      content->set_size_bytes(static_cast<int64_t>(content_.size()));
      content->set_sha256_hex(sha256_hex_);
      *content->mutable_create_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(NowMicros());
      content->mutable_uploaded_by()->set_user(caller_.user());
      content->mutable_uploaded_by()->set_organisation(caller_.organisation());
      content->mutable_uploaded_by()->set_display_name(caller_.claims.display_name());
      if (c.state() == v1::CaseFile::STATE_REGISTERED) {
        c.set_state(v1::CaseFile::STATE_UNDER_INVESTIGATION);
      }
      *subject = d->name();
      return grpc::Status::OK;
    };
    act.respond = [](const v1::CaseFile& c, const std::string& subject,
                     google::protobuf::Message* out) {
      for (const auto& d : c.documents()) {
        if (d.name() == subject) out->CopyFrom(d);
      }
    };
    act.also_write = [&](pqxx::transaction_base& tx, const v1::CaseFile&, const std::string&) {
      service_.repository_.InsertDocumentContent(tx, case_id, document_id, sha256_hex_, content_);
    };
    return service_.ApplyAct(caller_, act, request, metadata_.request_id(), response_);
  }

  // Runs `work` on the executor. A refusal finishes the call; success reads on, or finishes when
  // `finish_on_ok`. Nothing may touch members after Finish: OnDone may delete this at once.
  template <typename Work>
  void RunBlocking(Work work, bool finish_on_ok = false) {
    core::PostStreamWork(
        service_.executor_, context_, "UploadDocument", work,
        [this, finish_on_ok] {
          if (finish_on_ok) {
            Finish(grpc::Status::OK);
          } else {
            StartRead(&message_);
          }
        },
        [this](const grpc::Status& status) { Finish(status); });
  }

  IntakeService& service_;
  Context* context_;
  v1::CaseDocument* response_;
  core::Principal caller_;
  v1::UploadDocumentRequest message_;
  v1::UploadDocumentMetadata metadata_;
  bool have_metadata_ = false;
  core::Sha256Stream digest_;
  std::string sha256_hex_;
  std::string content_;
};

grpc::ServerReadReactor<v1::UploadDocumentRequest>* IntakeService::UploadDocument(
    Context* context, v1::CaseDocument* response) {
  return new DocumentUpload(*this, context, response);
}

}  // namespace casebridge::intake
