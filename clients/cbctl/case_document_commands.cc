// cbctl case report upload|download|list: a case's documents (检验报告, 鉴定意见, ...), streamed in
// 1 MiB chunks and checked against their SHA-256 at both ends.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/case_requests.h"
#include "clients/cbctl/case_views.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/document_files.h"
#include "clients/cbctl/progress_line.h"
#include "services/core/audit.h"
#include "services/core/digest.h"

namespace casebridge::cbctl {
namespace {

using v1::CaseDocument;

int Upload(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 2) {
    return printer.Error(
        "请给出案件和文件 / name the case and the file, e.g. cbctl case report upload "
        "caseFiles/abc123 report.pdf --kind inspection --title \"检验报告 苏质检〔2026〕031号\"");
  }
  const std::string path = args.positional()[1];
  FlagValues flags(args);
  const std::optional<int> kind =
      flags.Choice("kind", CaseDocument::Kind_descriptor(),
                   {{"inspection", CaseDocument::KIND_INSPECTION_REPORT},
                    {"appraisal", CaseDocument::KIND_APPRAISAL_OPINION},
                    {"检验报告", CaseDocument::KIND_INSPECTION_REPORT},
                    {"鉴定意见", CaseDocument::KIND_APPRAISAL_OPINION}});
  const std::optional<v1::Date> issued = flags.Date("issue-date");
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error || !std::filesystem::is_regular_file(path)) {
    flags.Problem("FILE", "无法读取 " + path + " / cannot read " + path +
                              (error ? ": " + error.message() : ""));
  }
  const std::optional<std::string> local_sha256 = error ? std::nullopt : FileSha256(path);
  if (!error && !local_sha256) flags.Problem("FILE", "无法读取 / cannot read " + path);
  if (!flags.ok()) return flags.Fail(printer);

  v1::UploadDocumentRequest first;
  v1::UploadDocumentMetadata& m = *first.mutable_metadata();
  m.set_parent(WithPrefix(args.positional()[0], "caseFiles"));
  CaseDocument& d = *m.mutable_document();
  if (kind) d.set_kind(static_cast<CaseDocument::Kind>(*kind));
  d.set_title(args.Get("title"));
  d.set_issuer(args.Get("issuer"));
  if (issued) *d.mutable_issue_date() = *issued;
  for (const std::string& item : args.GetAll("item")) {
    d.add_seized_items(WithPrefix(item, "caseFiles"));
  }
  if (args.Has("supersedes")) d.set_supersedes(WithPrefix(args.Get("supersedes"), "caseFiles"));
  d.set_description(args.Get("description"));
  d.mutable_content()->set_file_name(std::filesystem::path(path).filename().string());
  d.mutable_content()->set_media_type(args.Get("media-type", MediaTypeOf(path)));
  m.set_size_bytes(static_cast<int64_t>(size));
  m.set_sha256_hex(*local_sha256);
  // The same file with the same particulars to the same case is one upload however often the
  // command is run: documents are never deleted, so a duplicate would stay for good.
  m.set_request_id(
      args.Get("request-id", "upload-" + core::Sha256Hex(core::DeterministicBytes(m))));

  v1::CaseDocument response;
  auto context = session.Context(kTransferTimeout);
  auto stub = Intake(session);
  auto writer = stub->UploadDocument(context.get(), &response);
  ProgressLine progress(std::cerr);
  const bool show = progress.on_terminal() && size > kChunkBytes;
  SendFile(*writer, first, path, [&](int64_t sent) {
    if (show)
      progress.Draw(TransferText("上传 / uploading", sent, m.size_bytes(), progress.Seconds()));
  });
  grpc::Status status = writer->Finish();
  progress.Finish();
  if (!status.ok()) {
    return FailIntake(printer, status, session,
                      FlagsOfFields({{"metadata.parent", "CASE"},
                                     {"metadata.document.kind", "--kind"},
                                     {"metadata.document.title", "--title"},
                                     {"metadata.document.issuer", "--issuer"},
                                     {"metadata.document.issue_date", "--issue-date"},
                                     {"metadata.document.seized_items", "--item"},
                                     {"metadata.document.supersedes", "--supersedes"},
                                     {"metadata.document.description", "--description"},
                                     {"metadata.document.content.media_type", "--media-type"},
                                     {"metadata.document.content.file_name", "FILE"},
                                     {"metadata.size_bytes", "FILE"},
                                     {"metadata.request_id", "--request-id"}}));
  }
  if (response.content().sha256_hex() != *local_sha256) {
    return printer.Error("服务记录的 SHA-256 " + response.content().sha256_hex() +
                         " 与本地文件的 " + *local_sha256 +
                         " 不符，请核对后重新上传 / the SHA-256 the service recorded " +
                         "does not match the local file; check it and upload again");
  }
  printer.Note("已上传 / Uploaded " + response.name() + "\n");
  printer.Record(response, DocumentFields(response));
  printer.Note("\nSHA-256 与本地文件一致 / the recorded SHA-256 matches the local file");
  return 0;
}

int Download(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一份材料 / name one document, e.g. cbctl case report download "
        "caseFiles/abc/documents/0f3a -o report.pdf");
  }
  v1::DownloadDocumentRequest request;
  request.set_name(WithPrefix(args.positional()[0], "caseFiles"));
  auto context = session.Context(kTransferTimeout);
  auto stub = Intake(session);
  auto reader = stub->DownloadDocument(context.get(), request);
  v1::DownloadDocumentResponse message;
  if (!reader->Read(&message) || !message.has_document()) {
    grpc::Status status = reader->Finish();
    if (status.ok()) return printer.Error("服务未发送材料信息 / the service sent no metadata");
    return FailIntake(printer, status, session);
  }
  const CaseDocument document = message.document();
  // The recorded file name has no folders (the service refuses them); keep only the name anyway.
  std::string target = args.Get(
      "save-as", std::filesystem::path(document.content().file_name()).filename().string());
  if (target.empty() || target == "." || target == "..") {
    target = document.name().substr(document.name().rfind('/') + 1);
  }
  if (std::filesystem::exists(target) && !args.Has("force")) {
    context->TryCancel();
    return printer.Error(target + " 已存在；覆盖请加 --force / " + target +
                         " exists; add --force to overwrite it");
  }
  VerifiedFile file(target);
  if (std::string why = file.Open(); !why.empty()) {
    context->TryCancel();
    return printer.Error("无法写入 / cannot write " + target + ": " + why);
  }
  const int64_t size = document.content().size_bytes();
  ProgressLine progress(std::cerr);
  const bool show = progress.on_terminal() && size > static_cast<int64_t>(kChunkBytes);
  bool written = true;
  while (written && reader->Read(&message)) {
    written = file.Write(message.chunk());
    if (show) {
      progress.Draw(TransferText("下载 / downloading", file.bytes(), size, progress.Seconds()));
    }
  }
  if (!written) context->TryCancel();
  grpc::Status status = reader->Finish();
  progress.Finish();
  if (!written)
    return printer.Error("无法写入 / cannot write " + target + ": " + std::strerror(errno));
  if (!status.ok()) return FailIntake(printer, status, session);
  if (std::string why = file.Keep(size, document.content().sha256_hex()); !why.empty()) {
    return printer.Error(why);
  }
  printer.Note("已下载 / Downloaded " + document.name() + " → " + target);
  printer.Note("SHA-256 " + document.content().sha256_hex() +
               " 与登记一致 / matches the recorded digest");
  if (printer.format() == OutputFormat::kJson) printer.Record(document, {});
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个案件 / name one case, e.g. cbctl case report list caseFiles/abc");
  }
  v1::ListDocumentsRequest request;
  request.set_parent(WithPrefix(args.positional()[0], "caseFiles"));
  FlagValues flags(args);
  if (std::optional<int> kind =
          flags.Choice("kind", CaseDocument::Kind_descriptor(),
                       {{"inspection", CaseDocument::KIND_INSPECTION_REPORT},
                        {"appraisal", CaseDocument::KIND_APPRAISAL_OPINION}})) {
    request.set_filter("kind=" +
                       CaseDocument::Kind_Name(static_cast<CaseDocument::Kind>(*kind)).substr(5));
  }
  if (!flags.ok()) return flags.Fail(printer);
  v1::ListDocumentsResponse all;
  do {
    v1::ListDocumentsResponse page;
    auto context = session.Context();
    grpc::Status status = Intake(session)->ListDocuments(context.get(), request, &page);
    if (!status.ok()) return FailIntake(printer, status, session);
    all.mutable_documents()->MergeFrom(page.documents());
    request.set_page_token(page.next_page_token());
    all.set_next_page_token(page.next_page_token());
  } while (args.Has("all-pages") && !request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const CaseDocument& d : all.documents()) rows.push_back(DocumentRow(d));
  printer.Table(all, DocumentHeaders(), rows);
  if (!all.next_page_token().empty()) {
    printer.Note("还有更多材料，加 --all-pages 显示全部 / more documents: add --all-pages");
  }
  return 0;
}

}  // namespace

std::vector<Command> CaseDocumentCommands() {
  const std::string kinds =
      "inspection 检验报告, appraisal 鉴定意见, right-holder-identification, price-appraisal, "
      "inquiry-record, site-inspection-record, seizure-decision, seized-goods-list, evidence, "
      "penalty-decision, disposal-record, other";
  return {
      {{"case report upload",
        "Upload a document (检验报告, 鉴定意见, ...) of a case: PDF, JPEG, PNG or OFD.",
        "CASE FILE",
        {{"kind", "KIND", kinds},
         {"title", "TITLE", "标题, e.g. \"检验报告 苏质检〔2026〕031号\""},
         {"issuer", "ISSUER", "出具单位 (required for reports, opinions and appraisals)"},
         {"issue-date", "DATE", "出具日期 YYYY-MM-DD (required likewise)"},
         {"item", "ITEM", "a seized item the document concerns", true},
         {"supersedes", "DOCUMENT", "a document of the case this one corrects or replaces"},
         {"description", "TEXT", "说明"},
         {"media-type", "TYPE",
          "application/pdf, image/jpeg, image/png or application/ofd "
          "(default: from the file name)"},
         {"request-id", "ID",
          "makes a retry safe (default: derived from the file and the particulars, so running "
          "the same upload twice stores it once)"}},
        "cbctl case report upload caseFiles/abc123 report.pdf --kind inspection --title "
        "\"检验报告 苏质检〔2026〕031号\" --issuer 江苏省产品质量监督检验研究院 --issue-date "
        "2026-03-20",
        "The file (at most 64 MiB) is sent in 1 MiB chunks with its SHA-256; the command checks\n"
        "that the SHA-256 the service recorded is the local file's. On a terminal, files over\n"
        "1 MiB show their progress."},
       Upload},
      {{"case report download",
        "Download a document, saved only when its SHA-256 matches the recorded one.",
        "DOCUMENT",
        {{"save-as", "FILE", "where to save it (default: its recorded file name, here)", false,
          'o'},
         {"force", "", "overwrite FILE if it exists"}},
        "cbctl case report download caseFiles/abc123/documents/0f3a9c -o report.pdf",
        "The content goes to a part file beside FILE and is renamed to FILE only once its size\n"
        "and SHA-256 match what the service recorded; an interrupted or damaged download leaves\n"
        "nothing behind. The file is readable only by you: documents may hold personal data."},
       Download},
      {{"case report list",
        "List a case's documents, oldest first.",
        "CASE",
        {{"kind", "KIND", "only documents of this kind, e.g. inspection"},
         {"all-pages", "", "fetch every page, not just the first 50"}},
        "cbctl case report list caseFiles/abc123"},
       List},
  };
}

}  // namespace casebridge::cbctl
