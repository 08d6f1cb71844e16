//! Time: durations, local date-times in the calendar's zone, recurring
//! periods, business days and the interval sweep.
