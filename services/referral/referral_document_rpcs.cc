// Reading referral documents (移送材料及文书): their metadata, and their bytes streamed in 1 MiB
// chunks with the recorded SHA-256 checked on the way out (core::DocumentDownloadReactor).
// Readers: whoever may read the referral.
#include <memory>
#include <regex>

#include "services/core/document_streams.h"
#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/rpc.h"
#include "services/referral/referral_rows.h"
#include "services/referral/referral_service.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;

grpc::Status DocumentNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "文件 " + name + " 不存在 / document " + name + " does not exist",
                                "DOCUMENT_NOT_FOUND", {{"name", name}});
}

// ListReferralDocuments' filter: `kind=REFERRAL_LETTER` and `generated=true`, alone or joined by
// ` AND `.
void ParseDocumentFilter(const std::string& filter, DocumentQuery& q, FieldViolations& v) {
  static const std::regex kTerm(R"(^\s*(kind|generated)\s*=\s*([A-Za-z_]+)\s*$)");
  for (size_t start = 0; start < filter.size();) {
    size_t end = filter.find(" AND ", start);
    if (end == std::string::npos) end = filter.size();
    const std::string term = filter.substr(start, end - start);
    start = end + 5;
    std::smatch m;
    v1::ReferralDocument::Kind kind;
    if (!std::regex_match(term, m, kTerm)) {
      v.Add("filter", "无法理解 '" + term +
                          "'，可用 kind=REFERRAL_LETTER、generated=true / cannot "
                          "read '" +
                          term + "'; use kind=REFERRAL_LETTER or generated=true");
    } else if (m[1] == "generated") {
      if (m[2] == "true" || m[2] == "false") {
        q.generated = m[2] == "true";
      } else {
        v.Add("filter", "generated 只能是 true 或 false / generated is true or false");
      }
    } else if ((v1::ReferralDocument::Kind_Parse("KIND_" + m[2].str(), &kind) ||
                v1::ReferralDocument::Kind_Parse(m[2].str(), &kind)) &&
               kind != v1::ReferralDocument::KIND_UNSPECIFIED) {
      q.kind = kind;
    } else {
      v.Add("filter",
            "未知的文书类型 '" + m[2].str() + "' / unknown kind of document '" + m[2].str() + "'");
    }
  }
}

}  // namespace

void ReferralService::ConfigureDocuments(int64_t max_document_bytes,
                                         OrganisationDirectory* directory) {
  max_document_bytes_ = max_document_bytes;
  directory_ = directory;
}

grpc::Status ReferralService::ReadableDocument(const core::Principal& caller,
                                               const std::string& name, const std::string& method,
                                               DocumentRow* row) {
  const std::optional<DocumentName> parsed = ParseDocumentName(name);
  if (!parsed) {
    FieldViolations v;
    v.Add("name",
          "格式应为 referrals/{id}/documents/{id} / expected referrals/{id}/documents/{id}");
    return v.ToStatus();
  }
  ReferralRow referral;
  grpc::Status status =
      ReadableReferral(caller, "referrals/" + parsed->referral_id, method, &referral);
  if (!status.ok()) return status;
  auto lease = pool_.Acquire();
  pqxx::read_transaction tx(*lease);
  auto found = repository_.FindDocument(tx, parsed->referral_id, parsed->document_id);
  if (!found) return DocumentNotFound(name);
  *row = std::move(*found);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* ReferralService::GetReferralDocument(
    Context* context, const v1::GetReferralDocumentRequest* request,
    v1::ReferralDocument* response) {
  return core::RunUnary(context, executor_, "GetReferralDocument", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    DocumentRow row;
    grpc::Status status = ReadableDocument(caller, request->name(), "GetReferralDocument", &row);
    if (status.ok()) response->ParseFromString(row.body);
    return status;
  });
}

grpc::ServerUnaryReactor* ReferralService::ListReferralDocuments(
    Context* context, const v1::ListReferralDocumentsRequest* request,
    v1::ListReferralDocumentsResponse* response) {
  return core::RunUnary(context, executor_, "ListReferralDocuments", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    FieldViolations v;
    DocumentQuery q;
    q.referral_id = ReferralIdFromName(request->parent());
    if (q.referral_id.empty()) v.Add("parent", "格式应为 referrals/{id} / expected referrals/{id}");
    if (request->page_size() < 0) v.Add("page_size", "不能为负数 / must not be negative");
    ParseDocumentFilter(request->filter(), q, v);
    const std::string position = core::DecodePageToken(request->page_token(), v);
    if (!position.empty()) {
      try {
        q.after_ordinal = std::stoll(position);
      } catch (const std::exception&) {
        v.Add("page_token", "分页标记无效 / the page token is not valid");
      }
    }
    if (!v.empty()) return v.ToStatus();
    ReferralRow referral;
    grpc::Status status =
        ReadableReferral(caller, request->parent(), "ListReferralDocuments", &referral);
    if (!status.ok()) return status;
    const int size = core::ClampPageSize(request->page_size());
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    const std::vector<DocumentRow> rows = repository_.ListDocuments(tx, q, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      response->add_documents()->ParseFromString(rows[i].body);
    }
    if (static_cast<int>(rows.size()) > size) {
      response->set_next_page_token(core::EncodePageToken(std::to_string(rows[size - 1].ordinal)));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerWriteReactor<v1::DownloadReferralDocumentResponse>*
ReferralService::DownloadReferralDocument(Context* context,
                                          const v1::DownloadReferralDocumentRequest* request) {
  using Download = core::DocumentDownloadReactor<v1::DownloadReferralDocumentResponse>;
  // The row's ids, kept by the open step for the slices that follow; the reactor owns the steps.
  auto row = std::make_shared<DocumentRow>();
  return new Download(
      access_, executor_, context, request->name(),
      Download::Steps{
          .method = "DownloadReferralDocument",
          .open =
              [this, row, name = request->name()](const core::Principal& caller,
                                                  v1::DownloadReferralDocumentResponse* first,
                                                  int64_t* size, std::string* sha256_hex) {
                grpc::Status s =
                    ReadableDocument(caller, name, "DownloadReferralDocument", row.get());
                if (!s.ok()) return s;
                v1::ReferralDocument* document = first->mutable_document();
                document->ParseFromString(row->body);
                *size = document->content().size_bytes();
                *sha256_hex = document->content().sha256_hex();
                return s;
              },
          .slice =
              [this, row](int64_t offset, int64_t length) {
                auto lease = pool_.Acquire();
                pqxx::read_transaction tx(*lease);
                return repository_.DocumentContentSlice(tx, row->referral_id, row->document_id,
                                                        offset, length);
              }});
}

}  // namespace casebridge::referral
