//! Who else holds a role on a day, as the help of self-approval and
//! approver-lacks-role names them.

use chrono::NaiveDate;

use crate::resolve::Resolved;
use crate::rules::criteria::{and_list, holders};

/// `alice or carol hold cab for finance on 2026-03-12`, or that nobody does.
pub(super) fn who_holds(
    cx: &Resolved,
    role: &str,
    service: &str,
    day: NaiveDate,
    except: &str,
) -> String {
    let who = holders(cx, role, service, day, except, 4);
    match who.as_slice() {
        [] => format!("nobody else holds {role} for {service} on {day}"),
        [one] => format!("{one} holds {role} for {service} on {day}"),
        many => format!(
            "{} hold {role} for {service} on {day}",
            and_list(many).replace(" and ", " or ")
        ),
    }
}
