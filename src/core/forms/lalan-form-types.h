/* lalan-form-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * LalanFormError:
 * @LALAN_FORM_ERROR_INVALID: the file is not a well-formed XForm
 * @LALAN_FORM_ERROR_TOO_LARGE: the file exceeds a size, depth or count limit
 * @LALAN_FORM_ERROR_UNSAFE: the file declares a DOCTYPE or entities
 * @LALAN_FORM_ERROR_UNSUPPORTED: the form uses a feature Lalan does not support
 * @LALAN_FORM_ERROR_EXPRESSION: an XPath expression cannot be used
 * @LALAN_FORM_ERROR_CYCLE: calculations or conditions depend on themselves
 * @LALAN_FORM_ERROR_NOT_FOUND: no such node, control or language
 * @LALAN_FORM_ERROR_VALUE: an answer does not fit the question's type
 * @LALAN_FORM_ERROR_READ_ONLY: the answer cannot be changed
 * @LALAN_FORM_ERROR_REPEAT: a repeat cannot be grown or shrunk that way
 * @LALAN_FORM_ERROR_INSTANCE: a saved record does not belong to this form
 * @LALAN_FORM_ERROR_VIOLATIONS: finalizing found unanswered or invalid answers
 */
typedef enum
{
  LALAN_FORM_ERROR_INVALID,
  LALAN_FORM_ERROR_TOO_LARGE,
  LALAN_FORM_ERROR_UNSAFE,
  LALAN_FORM_ERROR_UNSUPPORTED,
  LALAN_FORM_ERROR_EXPRESSION,
  LALAN_FORM_ERROR_CYCLE,
  LALAN_FORM_ERROR_NOT_FOUND,
  LALAN_FORM_ERROR_VALUE,
  LALAN_FORM_ERROR_READ_ONLY,
  LALAN_FORM_ERROR_REPEAT,
  LALAN_FORM_ERROR_INSTANCE,
  LALAN_FORM_ERROR_VIOLATIONS,
} LalanFormError;

#define LALAN_FORM_ERROR (lalan_form_error_quark ())
GQuark lalan_form_error_quark (void);

/**
 * LalanFormControlKind:
 * @LALAN_FORM_CONTROL_BODY: the form's body, root of the control tree
 * @LALAN_FORM_CONTROL_GROUP: a group (a page of its own with field-list)
 * @LALAN_FORM_CONTROL_REPEAT: a repeat; its children are its instances
 * @LALAN_FORM_CONTROL_REPEAT_INSTANCE: one instance of a repeat
 * @LALAN_FORM_CONTROL_INPUT: a text, number, date, time or location input
 * @LALAN_FORM_CONTROL_SELECT_ONE: a single choice (select1)
 * @LALAN_FORM_CONTROL_SELECT_MANY: a multiple choice (select)
 * @LALAN_FORM_CONTROL_TRIGGER: an acknowledgement, value "OK" when confirmed
 * @LALAN_FORM_CONTROL_UPLOAD: a file attachment (binary)
 */
typedef enum
{
  LALAN_FORM_CONTROL_BODY,
  LALAN_FORM_CONTROL_GROUP,
  LALAN_FORM_CONTROL_REPEAT,
  LALAN_FORM_CONTROL_REPEAT_INSTANCE,
  LALAN_FORM_CONTROL_INPUT,
  LALAN_FORM_CONTROL_SELECT_ONE,
  LALAN_FORM_CONTROL_SELECT_MANY,
  LALAN_FORM_CONTROL_TRIGGER,
  LALAN_FORM_CONTROL_UPLOAD,
} LalanFormControlKind;

/**
 * LalanFormDataType:
 *
 * The `type` of a bind. Types the spec does not know read as strings.
 */
typedef enum
{
  LALAN_FORM_TYPE_STRING,
  LALAN_FORM_TYPE_INT,
  LALAN_FORM_TYPE_DECIMAL,
  LALAN_FORM_TYPE_BOOLEAN,
  LALAN_FORM_TYPE_DATE,
  LALAN_FORM_TYPE_TIME,
  LALAN_FORM_TYPE_DATE_TIME,
  LALAN_FORM_TYPE_SELECT_ONE,
  LALAN_FORM_TYPE_SELECT_MANY,
  LALAN_FORM_TYPE_GEOPOINT,
  LALAN_FORM_TYPE_GEOTRACE,
  LALAN_FORM_TYPE_GEOSHAPE,
  LALAN_FORM_TYPE_BARCODE,
  LALAN_FORM_TYPE_BINARY,
} LalanFormDataType;

/**
 * LalanFormChangeFlags:
 * @LALAN_FORM_CHANGE_VALUE: the value changed (also when relevance hides it)
 * @LALAN_FORM_CHANGE_RELEVANT: the node became relevant or not relevant
 * @LALAN_FORM_CHANGE_REQUIRED: the node became required or optional
 * @LALAN_FORM_CHANGE_READ_ONLY: the node became read-only or editable
 * @LALAN_FORM_CHANGE_VALIDITY: the node started or stopped violating a rule
 * @LALAN_FORM_CHANGE_CHOICES: the choices of a select changed
 * @LALAN_FORM_CHANGE_TEXT: a label or hint changed (outputs, language)
 * @LALAN_FORM_CHANGE_STRUCTURE: repeat instances were added or removed
 *
 * What changed at one path after an answer, so a page updates only that.
 */
typedef enum /*< flags >*/
{
  LALAN_FORM_CHANGE_VALUE     = 1 << 0,
  LALAN_FORM_CHANGE_RELEVANT  = 1 << 1,
  LALAN_FORM_CHANGE_REQUIRED  = 1 << 2,
  LALAN_FORM_CHANGE_READ_ONLY = 1 << 3,
  LALAN_FORM_CHANGE_VALIDITY  = 1 << 4,
  LALAN_FORM_CHANGE_CHOICES   = 1 << 5,
  LALAN_FORM_CHANGE_TEXT      = 1 << 6,
  LALAN_FORM_CHANGE_STRUCTURE = 1 << 7,
} LalanFormChangeFlags;

/**
 * LalanFormViolationKind:
 * @LALAN_FORM_VIOLATION_REQUIRED: a relevant required question has no answer
 * @LALAN_FORM_VIOLATION_CONSTRAINT: an answer fails the question's constraint
 */
typedef enum
{
  LALAN_FORM_VIOLATION_REQUIRED,
  LALAN_FORM_VIOLATION_CONSTRAINT,
} LalanFormViolationKind;

/**
 * LalanFormSerializeMode:
 * @LALAN_FORM_SERIALIZE_SUBMISSION: the OpenRosa instance: non-relevant
 *   nodes left out, as the spec requires
 * @LALAN_FORM_SERIALIZE_DRAFT: everything, including the answers of
 *   questions that are not relevant now, so a draft resumes intact
 */
typedef enum
{
  LALAN_FORM_SERIALIZE_SUBMISSION,
  LALAN_FORM_SERIALIZE_DRAFT,
} LalanFormSerializeMode;

/**
 * LalanFormRestoreMode:
 * @LALAN_FORM_RESTORE_DRAFT: continue a draft: same instanceID
 * @LALAN_FORM_RESTORE_EDIT: edit a record already sent: a new instanceID,
 *   the old one kept in `meta/deprecatedID`
 */
typedef enum
{
  LALAN_FORM_RESTORE_DRAFT,
  LALAN_FORM_RESTORE_EDIT,
} LalanFormRestoreMode;

/**
 * LalanFormProblem:
 * @line: the line in the form's XML, or 0 when it has none
 * @message: a translated sentence naming the problem
 *
 * One reason a form cannot be loaded.
 */
typedef struct
{
  guint  line;
  char  *message;
} LalanFormProblem;

#define LALAN_TYPE_FORM_PROBLEM (lalan_form_problem_get_type ())
GType             lalan_form_problem_get_type (void) G_GNUC_CONST;
LalanFormProblem *lalan_form_problem_copy     (const LalanFormProblem *problem);
void              lalan_form_problem_free     (LalanFormProblem       *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanFormProblem, lalan_form_problem_free)

/**
 * LalanFormChange:
 * @path: the instance path, such as `/data/person[2]/age`
 * @flags: what changed
 */
typedef struct
{
  char                 *path;
  LalanFormChangeFlags  flags;
} LalanFormChange;

#define LALAN_TYPE_FORM_CHANGE (lalan_form_change_get_type ())
GType            lalan_form_change_get_type (void) G_GNUC_CONST;
LalanFormChange *lalan_form_change_copy     (const LalanFormChange *change);
void             lalan_form_change_free     (LalanFormChange       *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanFormChange, lalan_form_change_free)

/**
 * LalanFormViolation:
 * @kind: required or constraint
 * @path: the instance path of the node
 * @message: the form's message in the current language, or a default one
 * @position: the position of the page the question is on
 *
 * A rule an answer breaks now.
 */
typedef struct
{
  LalanFormViolationKind  kind;
  char                   *path;
  char                   *message;
  char                   *position;
} LalanFormViolation;

#define LALAN_TYPE_FORM_VIOLATION (lalan_form_violation_get_type ())
GType               lalan_form_violation_get_type (void) G_GNUC_CONST;
LalanFormViolation *lalan_form_violation_copy     (const LalanFormViolation *violation);
void                lalan_form_violation_free     (LalanFormViolation       *violation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LalanFormViolation, lalan_form_violation_free)

G_END_DECLS
