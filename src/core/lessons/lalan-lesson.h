/* lalan-lesson.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LalanStepType:
 * @LALAN_STEP_PAGE: Markdown text with pictures, and optional narration
 * @LALAN_STEP_QUIZ: one question, single or multiple choice
 * @LALAN_STEP_SCENARIO: a safe simulation of a phone or web screen
 * @LALAN_STEP_PRACTICE: a checklist to do on a real device
 */
typedef enum
{
  LALAN_STEP_PAGE,
  LALAN_STEP_QUIZ,
  LALAN_STEP_SCENARIO,
  LALAN_STEP_PRACTICE,
} LalanStepType;

/**
 * LalanScenarioScreen:
 * @LALAN_SCENARIO_SMS: a phone's text message screen
 * @LALAN_SCENARIO_LINE: a LINE chat
 * @LALAN_SCENARIO_WEB: a web page in a phone browser
 * @LALAN_SCENARIO_FORM: a web form to fill in
 */
typedef enum
{
  LALAN_SCENARIO_SMS,
  LALAN_SCENARIO_LINE,
  LALAN_SCENARIO_WEB,
  LALAN_SCENARIO_FORM,
} LalanScenarioScreen;

/**
 * LalanScenarioElementKind:
 *
 * The building blocks of a mock screen, drawn top to bottom.
 */
typedef enum
{
  LALAN_ELEMENT_MESSAGE,
  LALAN_ELEMENT_HEADING,
  LALAN_ELEMENT_TEXT,
  LALAN_ELEMENT_NOTICE,
  LALAN_ELEMENT_PRICE,
  LALAN_ELEMENT_LINK,
  LALAN_ELEMENT_BUTTON,
  LALAN_ELEMENT_IMAGE,
  LALAN_ELEMENT_FIELD,
} LalanScenarioElementKind;

/**
 * LalanItemKind:
 * @LALAN_ITEM_QUIZ: a quiz question
 * @LALAN_ITEM_SPOT: a place on a mock screen to tap, or to leave alone
 * @LALAN_ITEM_FIELD: a field of a mock form to fill, or to leave empty
 */
typedef enum
{
  LALAN_ITEM_QUIZ,
  LALAN_ITEM_SPOT,
  LALAN_ITEM_FIELD,
} LalanItemKind;

/**
 * LalanFieldExpect:
 * @LALAN_FIELD_EXPECT_TEXT: one of the accepted answers
 * @LALAN_FIELD_EXPECT_ANY: anything not empty
 * @LALAN_FIELD_EXPECT_EMPTY: nothing: what is asked should not be given
 */
typedef enum
{
  LALAN_FIELD_EXPECT_TEXT,
  LALAN_FIELD_EXPECT_ANY,
  LALAN_FIELD_EXPECT_EMPTY,
} LalanFieldExpect;

/**
 * LalanLessonItem:
 * @id: unique within its step; a quiz's only item has the step's id
 * @kind: quiz question, spot or field
 * @competence: the DigComp 2.2 / DLGF code, such as "4.2"
 * @level: the DigComp proficiency level, 1 to 8
 * @suspicious: (spot) whether the right action is to tap it
 * @expect: (field) what a right answer is
 * @accept: (field) the accepted answers, compared with lalan_text_answer_equal()
 * @why: language → the explanation shown after answering
 *
 * One graded thing: the unit of mastery.
 */
typedef struct
{
  char             *id;
  LalanItemKind     kind;
  char             *competence;
  int               level;
  gboolean          suspicious;
  LalanFieldExpect  expect;
  char            **accept;
  GHashTable       *why;
} LalanLessonItem;

/**
 * LalanQuizChoice:
 * @id: unique within the question
 * @text: language → the choice's text
 * @correct: whether choosing it is right
 * @feedback: language → what to say when it is chosen
 * @picture: (nullable): the absolute path of a picture for the choice
 */
typedef struct
{
  char       *id;
  GHashTable *text;
  gboolean    correct;
  GHashTable *feedback;
  char       *picture;
} LalanQuizChoice;

/**
 * LalanScenarioPart:
 * @text: language → a run of text inside an element
 * @item: (nullable): the spot this run is, when it can be tapped on its own
 */
typedef struct
{
  GHashTable *text;
  char       *item;
} LalanScenarioPart;

/**
 * LalanScenarioElement:
 * @kind: what to draw
 * @from: (nullable): for a message, "them" or "me"
 * @time: (nullable): for a message, the time shown beside it
 * @text: (nullable): language → the text (the label of a field)
 * @parts: (nullable) (element-type LalanScenarioPart): runs of text, when
 *   parts of the element can be tapped separately; @text is then %NULL
 * @item: (nullable): the spot the whole element is, or a field's item
 * @picture: (nullable): for an image, the absolute path
 * @placeholder: (nullable): for a field, language → greyed hint text
 */
typedef struct
{
  LalanScenarioElementKind  kind;
  char                     *from;
  char                     *time;
  GHashTable               *text;
  GPtrArray                *parts;
  char                     *item;
  char                     *picture;
  GHashTable               *placeholder;
} LalanScenarioElement;

/**
 * LalanPracticeTask:
 * @id: unique within the step
 * @text: language → the thing to do
 */
typedef struct
{
  char       *id;
  GHashTable *text;
} LalanPracticeTask;

/**
 * LalanLessonStep:
 * @type: page, quiz, scenario or practice
 * @id: unique within the lesson; events name steps by it
 * @title: (nullable): language → a short title
 * @pages: (page) language → absolute path of the Markdown file
 * @narration: (page, nullable) language → absolute path of a recording
 * @question: (quiz) language → the question
 * @picture: (quiz, nullable) absolute path of a picture above the question
 * @multiple: (quiz) whether several choices may be right
 * @choices: (quiz) (element-type LalanQuizChoice)
 * @screen: (scenario) the kind of mock screen
 * @prompt: (scenario, practice) language → what the learner is asked to do
 * @header_title: (scenario, nullable) the sender, chat name or site name
 * @header_subtitle: (scenario, nullable) a phone number or web address
 * @elements: (scenario) (element-type LalanScenarioElement)
 * @items: (quiz, scenario) (element-type LalanLessonItem): what is graded
 * @tasks: (practice) (element-type LalanPracticeTask)
 *
 * A step as the pack describes it; read-only, owned by its #LalanLesson.
 */
typedef struct
{
  LalanStepType        type;
  char                *id;
  GHashTable          *title;
  GHashTable          *pages;
  GHashTable          *narration;
  GHashTable          *question;
  char                *picture;
  gboolean             multiple;
  GPtrArray           *choices;
  LalanScenarioScreen  screen;
  GHashTable          *prompt;
  GHashTable          *header_title;
  GHashTable          *header_subtitle;
  GPtrArray           *elements;
  GPtrArray           *items;
  GPtrArray           *tasks;
} LalanLessonStep;

#define LALAN_TYPE_LESSON (lalan_lesson_get_type ())

typedef struct _LalanLesson LalanLesson;

GType                  lalan_lesson_get_type          (void) G_GNUC_CONST;
LalanLesson           *lalan_lesson_new_from_dir      (const char             *pack_root,
                                                       const char             *pack_id,
                                                       const char             *lesson_id,
                                                       const char * const     *languages,
                                                       GError                **error);
LalanLesson           *lalan_lesson_ref               (LalanLesson            *self);
void                   lalan_lesson_unref             (LalanLesson            *self);
const char            *lalan_lesson_get_id            (LalanLesson            *self);
const char            *lalan_lesson_get_pack_id       (LalanLesson            *self);
const char            *lalan_lesson_get_dir           (LalanLesson            *self);
const char            *lalan_lesson_get_title         (LalanLesson            *self,
                                                       const char             *language);
const char            *lalan_lesson_get_summary       (LalanLesson            *self,
                                                       const char             *language);
int                    lalan_lesson_get_minutes       (LalanLesson            *self);
guint                  lalan_lesson_get_n_steps       (LalanLesson            *self);
const LalanLessonStep *lalan_lesson_get_step          (LalanLesson            *self,
                                                       guint                   index);
const LalanLessonStep *lalan_lesson_find_step         (LalanLesson            *self,
                                                       const char             *step_id,
                                                       guint                  *index);
const LalanLessonItem *lalan_lesson_step_find_item    (const LalanLessonStep  *step,
                                                       const char             *item_id);
guint                  lalan_lesson_get_n_items       (LalanLesson            *self);
char                 **lalan_lesson_list_competences  (LalanLesson            *self);
char                  *lalan_lesson_read_page         (LalanLesson            *self,
                                                       const LalanLessonStep  *step,
                                                       const char             *language,
                                                       char                  **out_language,
                                                       GError                **error);
const char            *lalan_lesson_get_page_path     (LalanLesson            *self,
                                                       const LalanLessonStep  *step,
                                                       const char             *language);
const char            *lalan_lesson_get_narration     (LalanLesson            *self,
                                                       const LalanLessonStep  *step,
                                                       const char             *language);
char                  *lalan_lesson_resolve_picture   (LalanLesson            *self,
                                                       const LalanLessonStep  *step,
                                                       const char             *reference,
                                                       GError                **error);

gboolean               lalan_lesson_grade_quiz        (const LalanLessonStep  *step,
                                                       const char * const     *chosen);
char                  *lalan_lesson_quiz_answer       (const char * const     *chosen);
gboolean               lalan_lesson_grade_spot        (const LalanLessonItem  *item,
                                                       gboolean                tapped);
gboolean               lalan_lesson_grade_field       (const LalanLessonItem  *item,
                                                       const char             *answer);
char                  *lalan_lesson_field_answer      (const LalanLessonItem  *item,
                                                       const char             *answer);

const char            *lalan_step_type_to_string      (LalanStepType           type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanLesson, lalan_lesson_unref)

G_END_DECLS
