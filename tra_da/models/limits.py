"""How long each thing a person types may be: declared once, used by the tables (column sizes,
CHECK constraints) and by the services that validate input before it reaches them."""

NAME_MAX = 120  # a person's name, a group's name
EMAIL_MAX = 254  # RFC 5321's limit on a forward path
TRACK_MAX = 80  # a track or cohort name
HEADLINE_MAX = 160
BIO_MAX = 4000
GOALS_MAX = 2000
INTERESTS_MAX = 1000  # a mentee's interests
BACKGROUND_MAX = 2000  # a mentee's background
EXPERTISE_TAG_MAX = 40
EXPERTISE_TAGS_MAX = 15  # tags per mentor
MAX_MENTEES_MAX = 500  # the largest capacity a mentor may have
EXCEPTION_NOTE_MAX = 120  # why a day is off in a mentor's availability
REASON_MAX = 500  # why a booking was cancelled or changed
REFUND_REASON_MAX = 200
TOPIC_MAX = 200  # a session log's topic
NOTES_MAX = 5000  # a session log's private notes
ACTIONS_MAX = 2000  # a session log's action items
COMMENT_MAX = 2000  # a mentee's comment on a session
RESOLUTION_MAX = 2000  # how a support flag was resolved
PASSWORD_MAX = 200
TIMEZONE_MAX = 64  # an IANA zone name
SEARCH_MAX = 100  # a directory search
TOKEN_MAX = 200  # a refresh or reset token as typed or pasted
REVIEW_MAX = 1000  # a mentee's review of a session
HIDE_REASON_MAX = 500  # why an admin hid a review
RECOMMENDATIONS_MAX = 10  # mentors one recommendations request may ask for
UTILISATION_ROWS = 10  # mentors on the admin dashboard's utilisation card
