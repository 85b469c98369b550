"""Compatibility re-export: running the programme is now split by aggregate into
`tra_da.services.mentors`, `tra_da.services.mentees` and `tra_da.services.groups`.

Kept while the admin state and the mentors API still import `programme`; new code imports the
aggregate's own module. Remove once those callers are updated.
"""

from tra_da.services.groups import (
    GroupMember,
    GroupRow,
    group_members,
    list_groups,
    save_group,
    set_group_archived,
)
from tra_da.services.mentees import (
    SORTS,
    MenteeRow,
    assign_mentor,
    list_mentees,
    move_to_group,
    unassign_mentor,
    update_mentee,
)
from tra_da.services.mentors import (
    MAX_PAGE_SIZE,
    MENTOR_FIELDS,
    MentorInput,
    MentorRow,
    create_mentor,
    get_mentor,
    list_mentors,
    resend_invitation,
    set_mentor_active,
    set_mentor_avatar,
    tracks,
    update_mentor,
)

__all__ = [
    "MAX_PAGE_SIZE",
    "MENTOR_FIELDS",
    "SORTS",
    "GroupMember",
    "GroupRow",
    "MenteeRow",
    "MentorInput",
    "MentorRow",
    "assign_mentor",
    "create_mentor",
    "get_mentor",
    "group_members",
    "list_groups",
    "list_mentees",
    "list_mentors",
    "move_to_group",
    "resend_invitation",
    "save_group",
    "set_group_archived",
    "set_mentor_active",
    "set_mentor_avatar",
    "tracks",
    "unassign_mentor",
    "update_mentee",
    "update_mentor",
]
