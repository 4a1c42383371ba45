// Reading case documents (案件材料): their metadata from the case, their bytes streamed in 1 MiB
// chunks with the recorded SHA-256 checked on the way out.
#include "services/core/digest.h"
#include "services/core/document_streams.h"
#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/rpc.h"
#include "services/intake/case_rows.h"
#include "services/intake/intake_service.h"

namespace casebridge::intake {
namespace {

using core::FieldViolations;

constexpr int64_t kChunkBytes = 1024 * 1024;

struct DocumentName {
  std::string case_id;
  std::string document_id;
};

// "caseFiles/{case}/documents/{document}", both ids non-empty and without '/'.
std::optional<DocumentName> ParseDocumentName(const std::string& name) {
  constexpr std::string_view kMiddle = "/documents/";
  const size_t middle = name.find(kMiddle);
  if (middle == std::string::npos) return std::nullopt;
  DocumentName parsed{CaseIdFromName(name.substr(0, middle)), name.substr(middle + kMiddle.size())};
  if (parsed.case_id.empty() || parsed.document_id.empty() ||
      parsed.document_id.find('/') != std::string::npos) {
    return std::nullopt;
  }
  return parsed;
}

grpc::Status DocumentNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "材料 " + name + " 不存在 / document " + name + " does not exist",
                                "NOT_FOUND", {{"name", name}});
}

// The `kind=...` filter of ListDocuments; nullopt for no filter.
std::optional<v1::CaseDocument::Kind> ParseKindFilter(const std::string& filter,
                                                      FieldViolations& v) {
  if (filter.empty()) return std::nullopt;
  constexpr std::string_view kKey = "kind=";
  v1::CaseDocument::Kind kind;
  if (filter.rfind(kKey, 0) == 0) {
    const std::string value = filter.substr(kKey.size());
    if ((v1::CaseDocument::Kind_Parse("KIND_" + value, &kind) ||
         v1::CaseDocument::Kind_Parse(value, &kind)) &&
        kind != v1::CaseDocument::KIND_UNSPECIFIED) {
      return kind;
    }
  }
  v.Add("filter",
        "可用 kind=INSPECTION_REPORT 等材料类型筛选 / filter by kind, e.g. kind=INSPECTION_REPORT");
  return std::nullopt;
}

}  // namespace

grpc::Status IntakeService::ReadableDocument(const core::Principal& caller, const std::string& name,
                                             const std::string& method, CaseRow* row,
                                             v1::CaseDocument* document) {
  const std::optional<DocumentName> parsed = ParseDocumentName(name);
  if (!parsed) {
    FieldViolations v;
    v.Add("name",
          "格式应为 caseFiles/{id}/documents/{id} / expected caseFiles/{id}/documents/{id}");
    return v.ToStatus();
  }
  grpc::Status status = ReadableCase(caller, "caseFiles/" + parsed->case_id, method, row);
  if (!status.ok()) return status;
  v1::CaseFile c;
  c.ParseFromString(row->body);
  for (v1::CaseDocument& d : *c.mutable_documents()) {
    if (d.name() == name) {
      *document = std::move(d);
      return grpc::Status::OK;
    }
  }
  return DocumentNotFound(name);
}

grpc::ServerUnaryReactor* IntakeService::GetDocument(Context* context,
                                                     const v1::GetDocumentRequest* request,
                                                     v1::CaseDocument* response) {
  return core::RunUnary(context, executor_, "GetDocument", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    CaseRow row;
    return ReadableDocument(caller, request->name(), "GetDocument", &row, response);
  });
}

grpc::ServerUnaryReactor* IntakeService::ListDocuments(Context* context,
                                                       const v1::ListDocumentsRequest* request,
                                                       v1::ListDocumentsResponse* response) {
  return core::RunUnary(context, executor_, "ListDocuments", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    FieldViolations v;
    const std::optional<v1::CaseDocument::Kind> kind = ParseKindFilter(request->filter(), v);
    const std::string after = core::DecodePageToken(request->page_token(), v);
    if (CaseIdFromName(request->parent()).empty()) {
      v.Add("parent", "格式应为 caseFiles/{id} / expected caseFiles/{id}");
    }
    if (!v.empty()) return v.ToStatus();
    CaseRow row;
    grpc::Status status = ReadableCase(caller, request->parent(), "ListDocuments", &row);
    if (!status.ok()) return status;
    v1::CaseFile c;
    c.ParseFromString(row.body);
    // Documents are appended in upload order and never removed, so the last name returned marks
    // the page position.
    int start = 0;
    if (!after.empty()) {
      while (start < c.documents_size() && c.documents(start).name() != after) ++start;
      if (start == c.documents_size()) {
        FieldViolations bad_token;
        bad_token.Add("page_token", "分页标记不属于本案 / the page token is not from this case");
        return bad_token.ToStatus();
      }
      ++start;
    }
    const int page_size = core::ClampPageSize(request->page_size());
    for (int i = start; i < c.documents_size(); ++i) {
      const v1::CaseDocument& d = c.documents(i);
      if (kind && d.kind() != *kind) continue;
      if (response->documents_size() == page_size) {
        response->set_next_page_token(
            core::EncodePageToken(response->documents(page_size - 1).name()));
        break;
      }
      *response->add_documents() = d;
    }
    return grpc::Status::OK;
  });
}

// One download: the metadata, then the content in slices read one at a time on the executor, so
// a download holds at most one chunk in memory and no thread while the client reads. The bytes
// sent are hashed; if they ever differ from the recorded SHA-256 the stream ends in DATA_LOSS
// instead of delivering the last chunk.
class IntakeService::DocumentDownload final
    : public grpc::ServerWriteReactor<v1::DownloadDocumentResponse> {
 public:
  DocumentDownload(IntakeService& service, Context* context, std::string name)
      : service_(service), context_(context), name_(std::move(name)) {
    RunBlocking([this] { return Open(); });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      return Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the download was interrupted"));
    }
    if (offset_ == size_) return Finish(grpc::Status::OK);
    RunBlocking([this] { return NextChunk(); });
  }

  void OnDone() override { delete this; }

 private:
  grpc::Status Open() {
    core::Principal caller = service_.access_.Authenticate(*context_);
    CaseRow row;
    v1::CaseDocument document;
    grpc::Status status =
        service_.ReadableDocument(caller, name_, "DownloadDocument", &row, &document);
    if (!status.ok()) return status;
    case_id_ = row.id;
    document_id_ = name_.substr(name_.rfind('/') + 1);
    size_ = document.content().size_bytes();
    sha256_hex_ = document.content().sha256_hex();
    *message_.mutable_document() = std::move(document);
    return grpc::Status::OK;
  }

  grpc::Status NextChunk() {
    const int64_t length = std::min(kChunkBytes, size_ - offset_);
    std::optional<std::string> slice;
    {
      auto lease = service_.pool_.Acquire();
      pqxx::read_transaction tx(*lease);
      slice =
          service_.repository_.DocumentContentSlice(tx, case_id_, document_id_, offset_, length);
    }
    if (!slice || static_cast<int64_t>(slice->size()) != length) return Damaged();
    digest_.Update(*slice);
    offset_ += length;
    if (offset_ == size_ && digest_.FinishHex() != sha256_hex_) return Damaged();
    message_.set_chunk(std::move(*slice));
    return grpc::Status::OK;
  }

  grpc::Status Damaged() {
    return core::StatusWithReason(grpc::StatusCode::DATA_LOSS,
                                  "材料内容与登记的 SHA-256 不符，请联系管理员 / The stored "
                                  "content no longer matches its recorded SHA-256; contact the "
                                  "administrator",
                                  "DOCUMENT_DAMAGED", {{"name", name_}});
  }

  // Runs `work` on the executor; on success writes message_, else finishes with the refusal.
  // Nothing may touch members after Finish: OnDone may delete this at once.
  template <typename Work>
  void RunBlocking(Work work) {
    core::PostStreamWork(
        service_.executor_, context_, "DownloadDocument", work, [this] { StartWrite(&message_); },
        [this](const grpc::Status& status) { Finish(status); });
  }

  IntakeService& service_;
  Context* context_;
  const std::string name_;
  std::string case_id_;
  std::string document_id_;
  int64_t size_ = 0;
  int64_t offset_ = 0;
  std::string sha256_hex_;
  core::Sha256Stream digest_;
  v1::DownloadDocumentResponse message_;
};

grpc::ServerWriteReactor<v1::DownloadDocumentResponse>* IntakeService::DownloadDocument(
    Context* context, const v1::DownloadDocumentRequest* request) {
  return new DocumentDownload(*this, context, request->name());
}

}  // namespace casebridge::intake
