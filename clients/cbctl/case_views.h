// How cbctl shows cases: the intake stub, amounts in yuan, assessments, and case feed lines.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "casebridge/v1/intake.grpc.pb.h"
#include "clients/cbctl/account_views.h"
#include "clients/cbctl/case_file_input.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

std::unique_ptr<v1::IntakeService::Stub> Intake(const Session& session);
// Printer::Error for the intake service; with `input`, each wrong field says where it is in the
// file the request was read from; with `where`, wherever that function says (e.g. which flag).
int FailIntake(const Printer& printer, const grpc::Status& status, const Session& session,
               const FileInput* input = nullptr);
int FailIntake(const Printer& printer, const grpc::Status& status, const Session& session,
               const std::function<std::string(const std::string& field)>& where);

// 5200050 → "52,000.50" (元, exact: integer arithmetic only).
std::string FenToYuan(int64_t fen);
// "users/nt.officer (张伟)".
std::string ActorText(const v1::Actor& actor);
// "2026-03-02", or "" when unset.
std::string DateText(const v1::Date& date);
// "达到追诉标准 MET", "接近追诉标准 NEAR", "未达到 NOT_MET", "数据不足 INSUFFICIENT_DATA".
std::string OutcomeText(v1::AssessmentOutcome outcome);
// "⚠ 达到追诉标准 MET" / "⚠ 接近追诉标准 NEAR" for a flagged case, else "".
std::string FlagText(const v1::CaseFile& c);
// "已立案 REGISTERED" and so on.
std::string CaseStateText(v1::CaseFile::State state);
// "registered", "REGISTERED" or "STATE_REGISTERED" → the state.
std::optional<v1::CaseFile::State> ParseCaseState(const std::string& text);
// The first respondent's name, with "等 N 人 / +N" when there are more.
std::string RespondentText(const v1::CaseFile& c);
// "213 假冒注册商标罪".
std::string OffenceText(v1::Offence offence);

// `cbctl case show` and the result of filing or updating: the case's fields.
Fields CaseFields(const v1::CaseFile& c);
// A list row: name, 立案编号, state, flagged, outcome, respondent, register date.
std::vector<std::string> CaseListHeaders();
std::vector<std::string> CaseListRow(const v1::CaseFile& c);
// The assessment table: offence, article, outcome, metric, value (元), threshold (元), explanation
// (verbatim).
std::vector<std::string> AssessmentHeaders();
std::vector<std::vector<std::string>> AssessmentRows(const v1::ThresholdAssessment& assessment);
// One line of `cbctl case watch`: sequence, time, type, case, actor.
std::string EventLine(const v1::CaseEvent& event);

}  // namespace casebridge::cbctl
