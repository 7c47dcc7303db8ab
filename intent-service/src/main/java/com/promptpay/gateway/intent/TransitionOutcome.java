package com.promptpay.gateway.intent;

/** What an event did to an intent; provider outcomes are recorded with the provider event id. */
public enum TransitionOutcome {
    /** The money arrived while the intent was open. */
    SUCCEEDED,
    /** The money arrived after the intent was canceled or expired: still recorded, flagged late. */
    SUCCEEDED_LATE,
    CANCELED,
    EXPIRED,
    /** A failed attempt: the intent stays open until it expires or the shopper pays. */
    ATTEMPT_FAILED,
    /** Already in the state the event would move it to, or past it. */
    NO_CHANGE,
    /** Amount or currency differ from the intent: never marks it paid. */
    REJECTED_MISMATCH
}
