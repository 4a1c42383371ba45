// cbctl case import: legacy cases in batches over one ImportCaseFiles stream, with progress, every
// rejected record with its reasons, and batches named by their content so that a re-run of the
// same file imports nothing twice.
#include <iostream>
#include <mutex>
#include <thread>

#include "clients/cbctl/case_views.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/import_file.h"
#include "clients/cbctl/progress_line.h"
#include "services/core/audit.h"
#include "services/core/digest.h"

namespace casebridge::cbctl {
namespace {

using Response = v1::ImportCaseFilesResponse;

// The contract's limit per batch.
constexpr int kMaxBatch = 500;
// Long enough for a very large file; the officer can stop it with Ctrl-C.
constexpr std::chrono::hours kImportTimeout{12};

// What has happened so far, shared by the thread that sends and the one that reads answers.
struct Tally {
  int64_t total = 0;      // records in the file
  int64_t sent = 0;       // records sent
  int64_t committed = 0;  // imported now
  int64_t replayed = 0;   // imported by an earlier run of the same batches
  int64_t valid = 0;      // --validate-only: found valid
  int64_t rejected = 0;   // records with something wrong
  int64_t held_back = 0;  // valid records of a rejected batch: a batch is all or nothing
  int batches_answered = 0;
  int batches = 0;
};

std::string Count(int64_t n) { return std::to_string(n); }

std::string TerminalLine(const Tally& t, double seconds) {
  const int64_t answered = t.committed + t.replayed + t.valid + t.rejected + t.held_back;
  const int64_t rate =
      seconds > 0 ? static_cast<int64_t>(static_cast<double>(answered) / seconds) : 0;
  return ProgressLine::Bar(answered, t.total) + "  已发送 sent " + Count(t.sent) + "/" +
         Count(t.total) + "  导入 committed " + Count(t.committed + t.replayed + t.valid) +
         "  退回 rejected " + Count(t.rejected) + "  " + Count(rate) + " 条/秒 records/s";
}

std::string PlainLine(const Tally& t) {
  return "批次 batch " + std::to_string(t.batches_answered) + "/" + std::to_string(t.batches) +
         ": 已发送 sent " + Count(t.sent) + "/" + Count(t.total) + ", 已导入 committed " +
         Count(t.committed + t.replayed + t.valid) + ", 退回 rejected " + Count(t.rejected) +
         ", 未导入 held back " + Count(t.held_back);
}

void AddOutcome(const Response& r, Tally& t) {
  ++t.batches_answered;
  switch (r.outcome()) {
    case Response::OUTCOME_COMMITTED:
      t.committed += r.record_count();
      break;
    case Response::OUTCOME_REPLAYED:
      t.replayed += r.record_count();
      break;
    case Response::OUTCOME_VALID:
      t.valid += r.record_count();
      break;
    default:
      t.rejected += r.rejected_size();
      t.held_back += r.record_count() - r.rejected_size();
      break;
  }
}

// The rejected records of every batch, each with every reason and where it is in the file.
void PrintRejections(const std::vector<Response>& answers, const ImportFile& file, int batch_size,
                     const Printer& printer) {
  bool first = true;
  for (size_t b = 0; b < answers.size(); ++b) {
    for (const v1::ImportRejection& r : answers[b].rejected()) {
      if (first) printer.Note("退回的记录 / Rejected records:");
      first = false;
      const size_t at = b * static_cast<size_t>(batch_size) + static_cast<size_t>(r.index());
      std::string line = "  " + r.record_ref();
      if (at < file.records.size() && !file.records[at].case_file().case_number().empty()) {
        line += " " + file.records[at].case_file().case_number();
      }
      if (at < file.lines.size()) {
        const std::string n = std::to_string(file.lines[at]);
        line += " (" + file.input.file + " 第 " + n + " 行 / line " + n + ")";
      }
      printer.Note(line + ":");
      for (const auto& v : r.violations()) {
        printer.Note("    - " + v.field() + ": " + v.description());
      }
    }
  }
}

void PrintSummary(const Tally& t, bool validate_only, const Printer& printer) {
  if (validate_only) {
    printer.Note("\n共 " + Count(t.total) + " 条，检查通过 " + Count(t.valid) + " 条，退回 " +
                 Count(t.rejected) + " 条；仅检查，未写入 / " + Count(t.total) +
                 " records: " + Count(t.valid) + " valid, " + Count(t.rejected) +
                 " rejected; validate only, nothing was written");
    return;
  }
  printer.Note("\n共 " + Count(t.total) + " 条：导入 " + Count(t.committed) + "，此前已导入 " +
               Count(t.replayed) + "，退回 " + Count(t.rejected) + "，同批未导入 " +
               Count(t.held_back) + " / " + Count(t.total) + " records: " + Count(t.committed) +
               " imported, " + Count(t.replayed) + " imported by an earlier run, " +
               Count(t.rejected) + " rejected, " + Count(t.held_back) +
               " not imported with them (a batch is imported whole or not at all)");
  if (t.rejected > 0) {
    printer.Note(
        "更正退回的记录后再次运行同一命令即可，已导入的批次不会重复导入 / correct the rejected "
        "records in place and run the same command again: batches already imported are not "
        "imported twice");
  }
}

// Sends `batches` over one stream while a second thread reads the answers, so the next batch
// travels while the service commits the last one.
grpc::Status Stream(Session& session, const std::vector<v1::ImportCaseFilesRequest>& batches,
                    const Printer& printer, Tally& tally, std::vector<Response>& answers) {
  auto context = session.Context(kImportTimeout);
  auto stub = Intake(session);
  auto stream = stub->ImportCaseFiles(context.get());
  ProgressLine progress(std::cerr);
  std::mutex mutex;
  std::thread reader([&] {
    Response response;
    while (stream->Read(&response)) {
      std::lock_guard lock(mutex);
      AddOutcome(response, tally);
      answers.push_back(response);
      if (printer.format() == OutputFormat::kJson) printer.StreamLine(response, "");
      if (progress.on_terminal()) {
        progress.Draw(TerminalLine(tally, progress.Seconds()),
                      tally.batches_answered == tally.batches);
      } else {
        std::cerr << PlainLine(tally) << std::endl;
      }
    }
  });
  for (const v1::ImportCaseFilesRequest& batch : batches) {
    // A refused write means the service ended the stream; Finish says why.
    if (!stream->Write(batch)) break;
    std::lock_guard lock(mutex);
    tally.sent += batch.records_size();
    progress.Draw(TerminalLine(tally, progress.Seconds()));
  }
  stream->WritesDone();
  reader.join();
  progress.Finish();
  return stream->Finish();
}

int Import(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个导入文件 / name one import file, e.g. cbctl case import "
        "clients/cbctl/examples/import.yaml");
  }
  const std::string size_text = args.Get("batch-size", std::to_string(kMaxBatch));
  int batch_size = 0;
  if (size_text.size() <= 3 && !size_text.empty() &&
      size_text.find_first_not_of("0123456789") == std::string::npos) {
    batch_size = std::stoi(size_text);
  }
  if (batch_size < 1 || batch_size > kMaxBatch) {
    return printer.Error("--batch-size 应为 1 至 500 / --batch-size is 1 to 500");
  }
  const bool validate_only = args.Has("validate-only");
  ImportFile file = ReadImportFile(args.positional()[0]);
  if (!file.input.ok()) {
    return printer.Error(file.input.ProblemsText() + "\n未发送任何记录 / nothing was sent");
  }
  // A batch is named by its content: the same records in the same batch are the same request
  // however often the file is run, and the service answers a repeat with the first result.
  std::vector<v1::ImportCaseFilesRequest> batches;
  for (size_t i = 0; i < file.records.size(); i += static_cast<size_t>(batch_size)) {
    v1::ImportCaseFilesRequest& batch = batches.emplace_back();
    for (size_t k = i; k < file.records.size() && k < i + static_cast<size_t>(batch_size); ++k) {
      *batch.add_records() = file.records[k];
    }
    const std::string digest = core::Sha256Hex(core::DeterministicBytes(batch));
    // A check writes nothing and records no answer, so it must not take the import's name.
    batch.set_request_id((validate_only ? "import-check-" : "import-") + digest);
    batch.set_validate_only(validate_only);
  }
  Tally tally;
  tally.total = static_cast<int64_t>(file.records.size());
  tally.batches = static_cast<int>(batches.size());
  std::vector<Response> answers;
  const grpc::Status status = Stream(session, batches, printer, tally, answers);
  PrintRejections(answers, file, batch_size, printer);
  PrintSummary(tally, validate_only, printer);
  if (!status.ok()) {
    if (tally.committed > 0) {
      printer.Note(
          "导入中断；再次运行同一命令即可继续，已导入的批次不会重复 / the import stopped; run "
          "the same command again to go on: batches already imported are not imported twice");
    }
    return FailIntake(printer, status, session);
  }
  return tally.rejected > 0 ? 1 : 0;
}

}  // namespace

std::vector<Command> CaseImportCommands() {
  return {
      {{"case import",
        "Import legacy cases (批量导入) from a file, in batches.",
        "FILE",
        {{"batch-size", "N",
          "records per batch, 1 to 500 (default 500); keep it the same "
          "when running a file again"},
         {"validate-only", "", "only check every record; nothing is written"}},
        "cbctl case import clients/cbctl/examples/import.yaml --validate-only",
        "FILE is a YAML or JSON list, or JSON lines, of records with the fields of ImportRecord\n"
        "(record_ref, case_file_id, case_file, closure); see clients/cbctl/examples/import.yaml.\n"
        "Each batch is imported whole or not at all. Every rejected record is listed with its\n"
        "reasons and the exit code is then 1; correct them and run the same command again:\n"
        "batches already imported are recognised by their content and not imported twice."},
       Import},
  };
}

}  // namespace casebridge::cbctl
