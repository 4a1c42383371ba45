// cbctl referral upload | referral documents: a referral's documents (调查报告, scans of notices,
// and the 移送书, 涉案物品清单 and 回执 the system generates), sent and read in 1 MiB chunks and
// checked against their SHA-256 at both ends.
#include <filesystem>
#include <fstream>

#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/document_files.h"
#include "clients/cbctl/referral_documents.h"
#include "services/core/audit.h"

namespace casebridge::cbctl {

using v1::ReferralDocument;

std::optional<ReferralDocument> UploadToReferral(Session& session, const Printer& printer,
                                                 const std::string& parent, const std::string& path,
                                                 ReferralDocument document,
                                                 const std::string& request_id, FlagMap flags,
                                                 int* exit_code) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  const std::optional<std::string> local_sha256 = error ? std::nullopt : FileSha256(path);
  if (!local_sha256) {
    *exit_code =
        printer.Error("无法读取 / cannot read " + path + (error ? ": " + error.message() : ""));
    return std::nullopt;
  }
  v1::UploadReferralDocumentRequest first;
  v1::UploadReferralDocumentMetadata& m = *first.mutable_metadata();
  m.set_parent(parent);
  document.mutable_content()->set_file_name(std::filesystem::path(path).filename().string());
  if (document.content().media_type().empty()) {
    document.mutable_content()->set_media_type(MediaTypeOf(path));
  }
  *m.mutable_document() = std::move(document);
  m.set_size_bytes(static_cast<int64_t>(size));
  m.set_sha256_hex(*local_sha256);
  // Documents are never deleted: the same file with the same particulars is one upload however
  // often the command is run.
  m.set_request_id(request_id.empty() ? "upload-" + core::Sha256Hex(core::DeterministicBytes(m))
                                      : request_id);
  ReferralDocument response;
  auto context = session.Context(kTransferTimeout);
  auto stub = Referrals(session);
  auto writer = stub->UploadReferralDocument(context.get(), &response);
  SendFile(*writer, first, path);
  grpc::Status status = writer->Finish();
  if (!status.ok()) {
    for (auto& [field, flag] : flags) field = "metadata.document." + field;
    flags.emplace_back("metadata.document.content", "FILE");
    flags.emplace_back("metadata.size_bytes", "FILE");
    flags.emplace_back("metadata.parent", "REFERRAL");
    flags.emplace_back("metadata.request_id", "--request-id");
    *exit_code = FailReferral(printer, status, session, FlagsOfFields(std::move(flags)));
    return std::nullopt;
  }
  if (response.content().sha256_hex() != *local_sha256) {
    *exit_code = printer.Error("服务记录的 SHA-256 " + response.content().sha256_hex() +
                               " 与本地文件的 " + *local_sha256 +
                               " 不符，请核对后重新上传 / the SHA-256 the service recorded does "
                               "not match the local file; check it and upload again");
    return std::nullopt;
  }
  return response;
}

grpc::Status ReadReferralDocument(Session& session, const std::string& name,
                                  ReferralDocument* document,
                                  const std::function<bool(const std::string& chunk)>& sink) {
  v1::DownloadReferralDocumentRequest request;
  request.set_name(name);
  auto context = session.Context(kTransferTimeout);
  auto stub = Referrals(session);
  auto reader = stub->DownloadReferralDocument(context.get(), request);
  v1::DownloadReferralDocumentResponse message;
  if (!reader->Read(&message) || !message.has_document()) {
    grpc::Status status = reader->Finish();
    return status.ok() ? grpc::Status(grpc::StatusCode::INTERNAL,
                                      "服务未发送文件信息 / the service sent no metadata")
                       : status;
  }
  *document = message.document();
  bool wanted = true;
  while (wanted && reader->Read(&message)) wanted = sink(message.chunk());
  if (!wanted) context->TryCancel();
  grpc::Status status = reader->Finish();
  return wanted ? status : grpc::Status::OK;
}

namespace {

const std::vector<std::pair<std::string, int>>& KindAliases() {
  static const std::vector<std::pair<std::string, int>> kAliases = {
      {"调查报告", ReferralDocument::KIND_INVESTIGATION_REPORT},
      {"report", ReferralDocument::KIND_INVESTIGATION_REPORT},
      {"检验报告", ReferralDocument::KIND_INSPECTION_REPORT},
      {"inspection", ReferralDocument::KIND_INSPECTION_REPORT},
      {"其他材料", ReferralDocument::KIND_OTHER_MATERIAL},
      {"移交清单", ReferralDocument::KIND_HANDOVER_RECORD}};
  return kAliases;
}

int Upload(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 2) {
    return printer.Error(
        "请给出移送和文件 / name the referral and the file, e.g. cbctl referral upload "
        "referrals/abc 调查报告.pdf --kind investigation-report --title "
        "涉嫌犯罪案件情况的调查报告");
  }
  FlagValues flags(args);
  const std::optional<int> kind =
      flags.Choice("kind", ReferralDocument::Kind_descriptor(), KindAliases());
  if (!flags.ok()) return flags.Fail(printer);
  ReferralDocument d;
  if (kind) d.set_kind(static_cast<ReferralDocument::Kind>(*kind));
  d.set_title(args.Get("title"));
  d.set_description(args.Get("description"));
  d.mutable_content()->set_media_type(args.Get("media-type"));
  int exit_code = 0;
  const std::optional<ReferralDocument> stored =
      UploadToReferral(session, printer, WithPrefix(args.positional()[0], "referrals"),
                       args.positional()[1], d, args.Get("request-id"),
                       {{"kind", "--kind"},
                        {"title", "--title"},
                        {"description", "--description"},
                        {"content.media_type", "--media-type"}},
                       &exit_code);
  if (!stored) return exit_code;
  printer.Note("已上传 / Uploaded " + stored->name() + "\n");
  printer.Record(*stored, {{"类型 kind", DocumentKindText(stored->kind())},
                           {"标题 title", stored->title()},
                           {"文件 file", stored->content().file_name()},
                           {"大小 size", BytesText(stored->content().size_bytes())},
                           {"SHA-256", stored->content().sha256_hex()}});
  printer.Note("\nSHA-256 与本地文件一致 / the recorded SHA-256 matches the local file");
  return 0;
}

// Saves `d` into `folder` under its recorded file name, kept only when its SHA-256 matches.
int Save(Session& session, const Printer& printer, const ReferralDocument& d,
         const std::string& folder) {
  const std::string target =
      (std::filesystem::path(folder) / std::filesystem::path(d.content().file_name()).filename())
          .string();
  VerifiedFile file(target);
  if (std::string why = file.Open(); !why.empty()) {
    return printer.Error("无法写入 / cannot write " + target + ": " + why);
  }
  ReferralDocument read;
  grpc::Status status = ReadReferralDocument(
      session, d.name(), &read, [&](const std::string& chunk) { return file.Write(chunk); });
  if (!status.ok()) return FailReferral(printer, status, session);
  if (std::string why = file.Keep(read.content().size_bytes(), read.content().sha256_hex());
      !why.empty()) {
    return printer.Error(d.name() + ": " + why);
  }
  printer.Note("已下载 / Downloaded " + d.name() + " → " + target + "（SHA-256 与登记一致 / " +
               "matches the recorded digest）");
  return 0;
}

int Documents(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个移送 / name one referral, e.g. cbctl referral documents referrals/abc "
        "--download ./移送材料");
  }
  v1::ListReferralDocumentsRequest request;
  request.set_parent(WithPrefix(args.positional()[0], "referrals"));
  FlagValues flags(args);
  if (std::optional<int> kind =
          flags.Choice("kind", ReferralDocument::Kind_descriptor(), KindAliases())) {
    request.set_filter(
        "kind=" +
        ReferralDocument::Kind_Name(static_cast<ReferralDocument::Kind>(*kind)).substr(5));
  }
  if (!flags.ok()) return flags.Fail(printer);
  v1::ListReferralDocumentsResponse all;
  do {
    v1::ListReferralDocumentsResponse page;
    auto context = session.Context();
    grpc::Status status = Referrals(session)->ListReferralDocuments(context.get(), request, &page);
    if (!status.ok()) {
      return FailReferral(printer, status, session, FlagsOfFields({{"parent", "REFERRAL"}}));
    }
    all.mutable_documents()->MergeFrom(page.documents());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const ReferralDocument& d : all.documents()) rows.push_back(ReferralDocumentRow(d));
  if (!args.Has("download") || printer.format() == OutputFormat::kJson) {
    printer.Table(all, ReferralDocumentHeaders(), rows);
  }
  if (!args.Has("download")) return 0;
  const std::string folder = args.Get("download");
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return printer.Error("无法创建 / cannot create " + folder + ": " + error.message());
  int worst = 0;
  for (const ReferralDocument& d : all.documents()) {
    worst = std::max(worst, Save(session, printer, d, folder));
  }
  return worst;
}

}  // namespace

std::vector<Command> ReferralDocumentCommands() {
  return {
      {{"referral upload",
        "Upload a document to a referral (调查报告, 移交清单, scans of notices): PDF, JPEG, PNG, "
        "OFD.",
        "REFERRAL FILE",
        {{"kind", "KIND",
          "investigation-report 调查报告, inspection-report, other-material, forward-notice, "
          "filing-notice, decline-notice, reconsideration, supervision-proposal, "
          "handover-record 移交清单, reverse-transfer, other"},
         {"title", "TITLE", "标题, e.g. 涉嫌犯罪案件情况的调查报告"},
         {"description", "TEXT", "说明"},
         {"media-type", "TYPE", "default: from the file name (.pdf .jpg .png .ofd)"},
         {"request-id", "ID",
          "makes a retry safe (default: derived from the file and its particulars, so the same "
          "upload is stored once)"}},
        "cbctl referral upload referrals/abc 调查报告.pdf --kind investigation-report --title "
        "涉嫌犯罪案件情况的调查报告"},
       Upload},
      {{"referral documents",
        "List a referral's documents, or download them all (移送书, 回执, ...) checked by SHA-256.",
        "REFERRAL",
        {{"kind", "KIND", "only documents of this kind, e.g. referral-letter"},
         {"download", "DIR",
          "save every listed document into DIR under its file name, each kept only when its "
          "SHA-256 matches the recorded one"}},
        "cbctl referral documents referrals/abc --kind referral-letter --download ./移送材料"},
       Documents},
  };
}

}  // namespace casebridge::cbctl
