// dip::Error carries its English template and the formatted arguments apart, so that a front
// end can translate the template and still show the numbers; what() stays the English sentence.
#include <gtest/gtest.h>

#include <string>

#include "dip/restore.hpp"
#include "dip/translate.hpp"

namespace {

using dip::Error;

TEST(Error, FixedSentence) {
  const Error e("the mask marks nothing to restore");
  EXPECT_STREQ(e.what(), "the mask marks nothing to restore");
  EXPECT_STREQ(e.text(), "the mask marks nothing to restore");
  EXPECT_EQ(e.plural_text(), nullptr);
  EXPECT_TRUE(e.args().empty());
}

TEST(Error, TemplateAndArguments) {
  const Error e("the mask is %1$sx%2$s but the image is %3$sx%4$s", {"31", "32", "32", "32"});
  EXPECT_STREQ(e.what(), "the mask is 31x32 but the image is 32x32");
  EXPECT_STREQ(e.text(), "the mask is %1$sx%2$s but the image is %3$sx%4$s");
  EXPECT_EQ(e.args(), (std::vector<std::string>{"31", "32", "32", "32"}));
}

TEST(Error, PluralPicksTheEnglishFormByCount) {
  const dip::PluralText text{"at least %s pixel", "at least %s pixels"};
  EXPECT_STREQ(Error(text, 1, {"1"}).what(), "at least 1 pixel");
  const Error many(text, 16, {"16"});
  EXPECT_STREQ(many.what(), "at least 16 pixels");
  EXPECT_STREQ(many.text(), "at least %s pixel");
  EXPECT_STREQ(many.plural_text(), "at least %s pixels");
  EXPECT_EQ(many.count(), 16u);
}

TEST(Error, CopiesKeepTheMessage) {
  const Error original("factor %s", {"5"});
  const Error copy = original;
  EXPECT_STREQ(copy.what(), "factor 5");
  EXPECT_STREQ(copy.text(), original.text());
  EXPECT_EQ(copy.args(), original.args());
}

TEST(FillTemplate, ReordersPlainAndPositionalDirectives) {
  const std::vector<std::string> args{"a", "b", "c"};
  EXPECT_EQ(dip::fill_template("%s-%s-%s", args), "a-b-c");
  // A translation may put the arguments in another order or use one twice.
  EXPECT_EQ(dip::fill_template("%3$s %1$s %1$s", args), "c a a");
  EXPECT_EQ(dip::fill_template("%2$s then %s", args), "b then c");
  EXPECT_EQ(dip::fill_template("100%% of %1$s", args), "100% of a");
}

TEST(FillTemplate, LeavesWhatItCannotFillVisible) {
  const std::vector<std::string> one{"x"};
  EXPECT_EQ(dip::fill_template("%1$s and %2$s", one), "x and %2$s");
  EXPECT_EQ(dip::fill_template("%d %s %", one), "%d x %");
  EXPECT_EQ(dip::fill_template("%0$s", one), "%0$s");
}

TEST(Validate, TooSmallCarriesTemplateAndNumbers) {
  dip::Options options;
  options.task = dip::Task::Denoise;
  try {
    dip::validate(dip::Image(7, 5, 3), nullptr, options);
    FAIL() << "a 7x5 image was accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "the image is too small (7x5); denoise needs at least 16x16 pixels");
    EXPECT_STREQ(e.plural_text(),
                 "the image is too small (%1$sx%2$s); %3$s needs at least %4$sx%4$s pixels");
    EXPECT_EQ(e.args(), (std::vector<std::string>{"7", "5", "denoise", "16"}));
    EXPECT_EQ(e.count(), 16u);
  }
}

TEST(Validate, MemoryRefusalNamesWhatIsNeededAndWhatIsAvailable) {
  dip::Options options;
  options.memory_budget = 1024;
  try {
    dip::validate(dip::Image(64, 64, 3), nullptr, options);
    FAIL() << "a 1 KiB budget was accepted";
  } catch (const Error& e) {
    // The whole fit, the smallest tile, the budget.
    EXPECT_EQ(e.args().size(), 3u);
    EXPECT_EQ(e.args().at(2), "0.0");
    EXPECT_NE(std::string(e.what()).find("even in the smallest tiles, but only 0.0 GiB is available"),
              std::string::npos)
        << e.what();
  }
}

// Without a catalogue for the domain the front ends' lookup gives the English sentence back.
TEST(Translated, FallsBackToEnglish) {
  const Error e(dip::PluralText{"%s pixel", "%s pixels"}, 3, {"3"});
  EXPECT_EQ(dip::translated(e, "gimp-dip-no-such-domain"), "3 pixels");
  const Error fixed("unknown device '%s' (expected cpu, cuda or auto)", {"tpu"});
  EXPECT_EQ(dip::translated(fixed, "gimp-dip-no-such-domain"), fixed.what());
}

}  // namespace
