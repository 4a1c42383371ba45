// Tests of CaseFile validation: every wrong field named once, identifiers, update masks, search
// keys.
#include "services/intake/case_validation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <vector>

#include "services/law/credit_code.h"
#include "services/law/resident_id.h"

namespace casebridge::intake {
namespace {

using std::chrono::year_month_day;

constexpr year_month_day kToday{std::chrono::year{2026}, std::chrono::month{5},
                                std::chrono::day{1}};

// The published example codes the law tests use.
constexpr char kFuzhouCode[] = "91350100M000100Y43";
constexpr char kStandardId[] = "11010519491231002X";

// A number whose first 17 characters are `first_seventeen` and whose check character is right.
std::string ResidentId(const std::string& first_seventeen) {
  return first_seventeen + *law::ResidentIdCheckCharacter(first_seventeen);
}
std::string CreditCode(const std::string& first_seventeen) {
  return first_seventeen + *law::CreditCodeCheckCharacter(first_seventeen);
}

v1::Date MakeDate(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::Party Organisation(v1::Party::Capacity capacity, const std::string& name,
                       const std::string& code, const std::string& representative) {
  v1::Party party;
  party.set_kind(v1::Party::KIND_ORGANISATION);
  party.set_capacity(capacity);
  party.mutable_organisation()->set_registered_name(name);
  party.mutable_organisation()->set_unified_social_credit_code(code);
  party.mutable_organisation()->set_legal_representative(representative);
  return party;
}

v1::Party Person(v1::Party::Capacity capacity, const std::string& name,
                 const std::string& id_number) {
  v1::Party party;
  party.set_kind(v1::Party::KIND_NATURAL_PERSON);
  party.set_capacity(capacity);
  v1::NaturalPersonParty* person = party.mutable_natural_person();
  person->set_full_name(name);
  if (!id_number.empty()) {
    person->set_id_document_type(v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD);
    person->set_id_number(id_number);
  }
  return party;
}

// A complete, correct trademark case with an organisation and a person as respondents and a
// foreign right holder (no credit code, no legal representative: neither is required of it).
v1::CaseFile ValidCase() {
  v1::CaseFile c;
  c.set_case_number("通市监立〔2026〕31号");
  c.add_handling_officers("users/zhang.wei");
  c.add_handling_officers("users/li-na");
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  *c.mutable_register_date() = MakeDate(2026, 3, 2);
  v1::Party company =
      Organisation(v1::Party::CAPACITY_RESPONDENT, "南通某某服饰有限公司", kFuzhouCode, "赵六");
  company.set_party_id("p1");
  company.mutable_organisation()->set_legal_representative_id_number(kStandardId);
  company.mutable_organisation()->set_address("江苏省南通市崇川区某某路 1 号");
  company.mutable_organisation()->set_phone("0513-85123456");
  *c.add_parties() = company;
  v1::Party seller = Person(v1::Party::CAPACITY_RESPONDENT, "王五", "110105491231002");
  seller.mutable_natural_person()->set_phone("+86 139 1234 5678 / （0513）8512 3456 转 801");
  *c.add_parties() = seller;
  *c.add_parties() = Organisation(v1::Party::CAPACITY_RIGHT_HOLDER, "Nike Innovate C.V.", "", "");
  c.set_cause("销售侵犯注册商标专用权的商品");
  v1::LegalBasis* basis = c.add_violated_provisions();
  basis->set_instrument("中华人民共和国商标法");
  basis->set_article("第五十七条第（三）项");
  c.set_goods_description("假冒 NIKE 注册商标的运动鞋 120 双");
  c.set_facts("经查，当事人自 2025 年 11 月起销售假冒运动鞋。\n现场查获 120 双。");
  v1::ThresholdFacts* facts = c.mutable_threshold_facts();
  facts->set_ip_right(v1::IP_RIGHT_TRADEMARK);
  facts->set_mark_relation(v1::MARK_RELATION_IDENTICAL);
  facts->set_mark_count(1);
  facts->mutable_amounts()->set_sales_amount_fen(4'200'000);
  facts->mutable_amounts()->set_unsold_goods_value_fen(0);
  facts->mutable_counts()->set_mark_label_count(0);
  *facts->mutable_act_start_date() = MakeDate(2025, 11, 1);
  *facts->mutable_act_end_date() = MakeDate(2026, 2, 28);
  // Output-only fields are ignored, whatever they hold.
  c.set_name("garbage");
  c.set_agency("not an agency");
  c.set_state(v1::CaseFile::STATE_CLOSED);
  return c;
}

std::vector<std::string> Paths(const core::FieldViolations& v) {
  std::vector<std::string> paths;
  for (const auto& [field, description] : v.items()) paths.push_back(field);
  return paths;
}

std::string Describe(const core::FieldViolations& v) {
  std::string text;
  for (const auto& [field, description] : v.items()) text += field + ": " + description + "\n";
  return text;
}

core::FieldViolations Validate(const v1::CaseFile& c) {
  core::FieldViolations v;
  ValidateCaseFileContent(c, kToday, v);
  return v;
}

// The description at `field`; fails the test unless exactly one violation names it.
std::string Only(const core::FieldViolations& v, const std::string& field) {
  std::string found;
  int count = 0;
  for (const auto& [path, description] : v.items()) {
    if (path == field) {
      found = description;
      ++count;
    }
  }
  EXPECT_EQ(count, 1) << field << "\n" << Describe(v);
  return found;
}

TEST(CaseValidationTest, CompleteCaseHasNoViolations) {
  const core::FieldViolations v = Validate(ValidCase());
  EXPECT_TRUE(v.empty()) << Describe(v);
}

TEST(CaseValidationTest, ListsEveryWrongFieldExactlyOnce) {
  v1::CaseFile c = ValidCase();
  c.clear_case_number();
  c.clear_handling_officers();
  c.add_handling_officers("users/zhang.wei");
  c.add_handling_officers("zhang.wei");
  c.add_handling_officers("users/zhang.wei");
  c.clear_procedure();
  *c.mutable_register_date() = MakeDate(2026, 2, 30);

  c.clear_parties();
  // A respondent company with nothing but its kind: name, code and representative are missing.
  *c.add_parties() = Organisation(v1::Party::CAPACITY_RESPONDENT, "", "", "");
  v1::Party person = Person(v1::Party::CAPACITY_OTHER, "王五", "110105194912310021");
  person.mutable_natural_person()->set_phone("call me");
  *c.add_parties() = person;
  *c.add_parties() =
      Organisation(v1::Party::CAPACITY_OTHER, "某某物流有限公司", "91350100M000100Y44", "");
  v1::Party nobody;
  nobody.set_party_id("p 1");
  *c.add_parties() = nobody;

  c.clear_cause();
  c.set_goods_description(std::string(2001, 'x'));
  c.set_facts(std::string(20001, 'y'));
  v1::ThresholdFacts* facts = c.mutable_threshold_facts();
  facts->clear_mark_relation();
  facts->set_mark_count(0);
  facts->set_patent_count(-1);
  facts->mutable_amounts()->set_sales_amount_fen(-1);
  facts->mutable_amounts()->set_illegal_gains_fen(2'000'000'000'000'000);
  facts->mutable_counts()->set_copy_count(-5);
  *facts->mutable_act_start_date() = MakeDate(2026, 3, 10);
  *facts->mutable_act_end_date() = MakeDate(2026, 3, 1);

  const core::FieldViolations v = Validate(c);
  const std::vector<std::string> expected = {
      "case_file.case_number",
      "case_file.handling_officers[1]",
      "case_file.handling_officers[2]",
      "case_file.handling_officers",
      "case_file.procedure",
      "case_file.register_date",
      "case_file.parties[0].organisation.registered_name",
      "case_file.parties[0].organisation.unified_social_credit_code",
      "case_file.parties[0].organisation.legal_representative",
      "case_file.parties[1].natural_person.id_number",
      "case_file.parties[1].natural_person.phone",
      "case_file.parties[2].organisation.unified_social_credit_code",
      "case_file.parties[3].party_id",
      "case_file.parties[3].kind",
      "case_file.parties[3].capacity",
      "case_file.cause",
      "case_file.goods_description",
      "case_file.facts",
      "case_file.threshold_facts.mark_relation",
      "case_file.threshold_facts.mark_count",
      "case_file.threshold_facts.patent_count",
      "case_file.threshold_facts.amounts.sales_amount_fen",
      "case_file.threshold_facts.amounts.illegal_gains_fen",
      "case_file.threshold_facts.counts.copy_count",
      "case_file.threshold_facts.act_end_date",
  };
  EXPECT_EQ(Paths(v), expected) << Describe(v);
  for (const auto& [field, description] : v.items()) {
    EXPECT_NE(description.find(" / "), std::string::npos) << field << ": " << description;
  }
}

TEST(CaseValidationTest, PrefixIsPrependedAndMayBeEmpty) {
  v1::CaseFile c = ValidCase();
  c.clear_cause();
  core::FieldViolations in_import;
  ValidateCaseFileContent(c, kToday, in_import, "records[3].case_file");
  EXPECT_EQ(Paths(in_import), std::vector<std::string>{"records[3].case_file.cause"});
  core::FieldViolations bare;
  ValidateCaseFileContent(c, kToday, bare, "");
  EXPECT_EQ(Paths(bare), std::vector<std::string>{"cause"});
}

TEST(CaseValidationTest, OneHandlingOfficerIsNotEnough) {
  v1::CaseFile c = ValidCase();
  c.mutable_handling_officers()->RemoveLast();
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.handling_officers"}) << Describe(v);
  EXPECT_NE(Only(v, "case_file.handling_officers").find("行政处罚法第四十二条"), std::string::npos);
}

TEST(CaseValidationTest, CreditCodeWithWrongCheckCharacterIsRejected) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(0)->mutable_organisation()->set_unified_social_credit_code(
      "91350100M000100Y44");
  const core::FieldViolations v = Validate(c);
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  const std::string description =
      Only(v, "case_file.parties[0].organisation.unified_social_credit_code");
  EXPECT_NE(description.find("校验码应为 3"), std::string::npos) << description;
}

TEST(CaseValidationTest, CreditCodeIsNormalisedBeforeChecking) {
  v1::CaseFile c = ValidCase();
  // Lower case and full-width, as pasted from a web page: still the same valid code.
  c.mutable_parties(0)->mutable_organisation()->set_unified_social_credit_code(
      " ９１350100m000100y43 ");
  const core::FieldViolations v = Validate(c);
  EXPECT_TRUE(v.empty()) << Describe(v);
  EXPECT_EQ(PartyCreditCodes(c), std::vector<std::string>{kFuzhouCode});
}

TEST(CaseValidationTest, CreditCodeOfAbolishedRegionIsOnlyAWarning) {
  // 320602, the old 崇川区, is not in the 2023 list but appears on genuine registrations.
  const std::string code = CreditCode("91320602087654321");
  ASSERT_FALSE(law::ValidateCreditCode(code).problems.empty());
  v1::CaseFile c = ValidCase();
  c.mutable_parties(0)->mutable_organisation()->set_unified_social_credit_code(code);
  const core::FieldViolations v = Validate(c);
  EXPECT_TRUE(v.empty()) << Describe(v);
}

TEST(CaseValidationTest, IdNumberWithWrongCheckDigitIsRejected) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(1)->mutable_natural_person()->set_id_number("110105194912310021");
  const core::FieldViolations v = Validate(c);
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  const std::string description = Only(v, "case_file.parties[1].natural_person.id_number");
  EXPECT_NE(description.find("校验码应为 X"), std::string::npos) << description;
  // The message never repeats the number.
  EXPECT_EQ(description.find("110105"), std::string::npos) << description;
}

TEST(CaseValidationTest, IdNumberWithFutureBirthDateIsRejected) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(1)->mutable_natural_person()->set_id_number(ResidentId("11010520990101001"));
  const core::FieldViolations v = Validate(c);
  ASSERT_EQ(v.size(), 1u) << Describe(v);
  EXPECT_NE(Only(v, "case_file.parties[1].natural_person.id_number").find("晚于今天"),
            std::string::npos);
}

TEST(CaseValidationTest, IdNumberOfUnknownRegionIsNotAViolation) {
  const std::string id_number = ResidentId("99000019900101001");
  ASSERT_TRUE(law::ValidateResidentId(id_number, kToday).valid);
  ASSERT_FALSE(law::ValidateResidentId(id_number, kToday).problems.empty());
  v1::CaseFile c = ValidCase();
  c.mutable_parties(1)->mutable_natural_person()->set_id_number(id_number);
  const core::FieldViolations v = Validate(c);
  EXPECT_TRUE(v.empty()) << Describe(v);
}

TEST(CaseValidationTest, LegalRepresentativeIdNumberIsChecked) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(0)->mutable_organisation()->set_legal_representative_id_number("12345");
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(
      Paths(v),
      std::vector<std::string>{"case_file.parties[0].organisation.legal_representative_id_number"})
      << Describe(v);
}

TEST(CaseValidationTest, DocumentTypeAndNumberGoTogether) {
  v1::CaseFile c = ValidCase();
  v1::NaturalPersonParty* person = c.mutable_parties(1)->mutable_natural_person();
  person->clear_id_number();
  core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.parties[1].natural_person.id_number"});

  person->set_id_number("E12345678");
  person->clear_id_document_type();
  v = Validate(c);
  EXPECT_EQ(Paths(v),
            std::vector<std::string>{"case_file.parties[1].natural_person.id_document_type"});

  person->set_id_document_type(v1::NaturalPersonParty::ID_DOCUMENT_TYPE_PASSPORT);
  v = Validate(c);
  EXPECT_TRUE(v.empty()) << Describe(v);
  person->set_id_number("E1234;5678");
  v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.parties[1].natural_person.id_number"});
}

TEST(CaseValidationTest, PartyKindMustMatchItsParticulars) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(1)->set_kind(v1::Party::KIND_INDIVIDUAL_BUSINESS);
  c.mutable_parties(2)->clear_organisation();
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), (std::vector<std::string>{"case_file.parties[1].natural_person",
                                                "case_file.parties[2].organisation"}))
      << Describe(v);
}

TEST(CaseValidationTest, AtLeastOneRespondentAndUniquePartyIds) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(0)->set_capacity(v1::Party::CAPACITY_OTHER);
  c.mutable_parties(1)->set_capacity(v1::Party::CAPACITY_OTHER);
  c.mutable_parties(2)->set_party_id("p1");
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v),
            (std::vector<std::string>{"case_file.parties[2].party_id", "case_file.parties"}))
      << Describe(v);
}

TEST(CaseValidationTest, PhoneNumbersOfPlausibleForm) {
  v1::CaseFile c = ValidCase();
  v1::NaturalPersonParty* person = c.mutable_parties(1)->mutable_natural_person();
  for (const char* phone : {"13912345678", "0513-85123456", "(0513) 8512 3456", "85123456",
                            "+86-139-1234-5678", "13912345678、0513-85123456"}) {
    person->set_phone(phone);
    const core::FieldViolations v = Validate(c);
    EXPECT_TRUE(v.empty()) << phone << "\n" << Describe(v);
  }
  for (const char* phone : {"12345", "139 1234 567a", "转801", "0513-85123456 转", "电话"}) {
    person->set_phone(phone);
    const core::FieldViolations v = Validate(c);
    EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.parties[1].natural_person.phone"})
        << phone;
  }
}

TEST(CaseValidationTest, NamesAreOneLine) {
  v1::CaseFile c = ValidCase();
  c.mutable_parties(1)->mutable_natural_person()->set_full_name("王五\n李四");
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.parties[1].natural_person.full_name"});
}

TEST(CaseValidationTest, ActEndingBeforeItStartedIsRejected) {
  v1::CaseFile c = ValidCase();
  *c.mutable_threshold_facts()->mutable_act_end_date() = MakeDate(2025, 10, 31);
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.threshold_facts.act_end_date"});
  // An ongoing act has no end date; a single act ends the day it began.
  c.mutable_threshold_facts()->clear_act_end_date();
  EXPECT_TRUE(Validate(c).empty());
  *c.mutable_threshold_facts()->mutable_act_end_date() = MakeDate(2025, 11, 1);
  EXPECT_TRUE(Validate(c).empty());
}

TEST(CaseValidationTest, DatesInTheFutureAreRejected) {
  v1::CaseFile c = ValidCase();
  *c.mutable_register_date() = MakeDate(2026, 5, 2);
  *c.mutable_threshold_facts()->mutable_act_start_date() = MakeDate(2026, 6, 1);
  c.mutable_threshold_facts()->clear_act_end_date();
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), (std::vector<std::string>{"case_file.register_date",
                                                "case_file.threshold_facts.act_start_date"}))
      << Describe(v);
  *c.mutable_register_date() = MakeDate(2026, 5, 1);  // today is fine
  c.mutable_threshold_facts()->clear_act_start_date();
  EXPECT_TRUE(Validate(c).empty());
  c.clear_register_date();
  EXPECT_EQ(Paths(Validate(c)), std::vector<std::string>{"case_file.register_date"});
}

TEST(CaseValidationTest, MarkCountsFitTheIpRight) {
  v1::CaseFile c = ValidCase();
  v1::ThresholdFacts* facts = c.mutable_threshold_facts();
  facts->clear_mark_count();  // unknown is fine
  EXPECT_TRUE(Validate(c).empty());
  facts->set_ip_right(v1::IP_RIGHT_NONE);
  facts->set_mark_count(2);
  EXPECT_EQ(Paths(Validate(c)), std::vector<std::string>{"case_file.threshold_facts.mark_count"});
  facts->set_ip_right(v1::IP_RIGHT_PATENT);
  facts->set_patent_count(0);
  EXPECT_EQ(Paths(Validate(c)), std::vector<std::string>{"case_file.threshold_facts.patent_count"});
}

TEST(CaseValidationTest, TrademarkCaseMustStateTheMarkRelation) {
  v1::CaseFile c = ValidCase();
  c.mutable_threshold_facts()->set_mark_relation(v1::MARK_RELATION_UNSPECIFIED);
  core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"case_file.threshold_facts.mark_relation"});
  c.mutable_threshold_facts()->set_mark_relation(v1::MARK_RELATION_UNKNOWN);
  EXPECT_TRUE(Validate(c).empty());
  // Not a trademark case: nothing to state.
  c.mutable_threshold_facts()->set_ip_right(v1::IP_RIGHT_COPYRIGHT);
  c.mutable_threshold_facts()->set_mark_relation(v1::MARK_RELATION_UNSPECIFIED);
  EXPECT_TRUE(Validate(c).empty());
}

TEST(CaseValidationTest, UnknownEnumNumbersAreRejected) {
  v1::CaseFile c = ValidCase();
  c.mutable_threshold_facts()->set_goods_category(static_cast<v1::GoodsCategory>(999));
  c.mutable_parties(0)->set_capacity(static_cast<v1::Party::Capacity>(7));
  const core::FieldViolations v = Validate(c);
  EXPECT_EQ(Paths(v), (std::vector<std::string>{"case_file.parties[0].capacity",
                                                "case_file.threshold_facts.goods_category"}))
      << Describe(v);
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

TEST(UpdateMaskTest, AcceptsTheListedFieldsAndRealThresholdSubPaths) {
  core::FieldViolations v;
  ValidateUpdateMask(Mask({"case_number", "handling_officers", "procedure", "register_date",
                           "parties", "cause", "violated_provisions", "goods_description", "facts",
                           "threshold_facts", "threshold_facts.amounts.sales_amount_fen",
                           "threshold_facts.amounts", "threshold_facts.mark_relation",
                           "threshold_facts.counts.copy_count", "threshold_facts.act_end_date"}),
                     v);
  EXPECT_TRUE(v.empty()) << Describe(v);
}

TEST(UpdateMaskTest, RejectsEveryOtherPath) {
  core::FieldViolations v;
  ValidateUpdateMask(
      Mask({"cause", "no_such_field", "state", "etag", "parties.kind",
            "threshold_facts.amounts.sales_amount", "threshold_facts.act_end_date.day",
            "threshold_facts.amounts.sales_amount_fen.x", "threshold_facts."}),
      v);
  EXPECT_EQ(Paths(v), (std::vector<std::string>{"update_mask.paths[1]", "update_mask.paths[2]",
                                                "update_mask.paths[3]", "update_mask.paths[4]",
                                                "update_mask.paths[5]", "update_mask.paths[6]",
                                                "update_mask.paths[7]", "update_mask.paths[8]"}))
      << Describe(v);
}

TEST(UpdateMaskTest, EmptyMaskIsRejected) {
  core::FieldViolations v;
  ValidateUpdateMask(google::protobuf::FieldMask(), v);
  EXPECT_EQ(Paths(v), std::vector<std::string>{"update_mask"});
}

TEST(SearchKeysTest, NormalisedPartyKeys) {
  v1::CaseFile c = ValidCase();
  v1::Party duplicate = Person(v1::Party::CAPACITY_OTHER, "  李四　", "110105491231002");
  *c.add_parties() = duplicate;
  v1::Party traveller = Person(v1::Party::CAPACITY_OTHER, "", "");
  traveller.mutable_natural_person()->set_id_document_type(
      v1::NaturalPersonParty::ID_DOCUMENT_TYPE_HONG_KONG_MACAO_PERMIT);
  traveller.mutable_natural_person()->set_id_number("h1234-5678");
  *c.add_parties() = traveller;

  EXPECT_EQ(PartyCreditCodes(c), std::vector<std::string>{kFuzhouCode});
  // The legal representative's number, the legacy number in 18-digit form (once), the permit.
  EXPECT_EQ(PartyIdNumbers(c), (std::vector<std::string>{kStandardId, "H12345678"}));
  EXPECT_EQ(PartyNamesText(c), "南通某某服饰有限公司\n王五\nNike Innovate C.V.\n李四");

  EXPECT_EQ(NormalisedCreditCode(" ９１350100m000100y43"), kFuzhouCode);
  EXPECT_EQ(NormalisedIdNumber(v1::NaturalPersonParty::ID_DOCUMENT_TYPE_RESIDENT_IDENTITY_CARD,
                               "11010519491231002x"),
            kStandardId);
  EXPECT_EQ(NormalisedIdNumber(v1::NaturalPersonParty::ID_DOCUMENT_TYPE_PASSPORT, "  "), "");
}

}  // namespace
}  // namespace casebridge::intake
