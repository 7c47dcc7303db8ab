package com.promptpay.gateway.dispatcher.rest.problem;

import java.util.List;

/** Thrown anywhere a request cannot be served; mapped to problem+json with its status. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.problem = new Problem("about:blank", title, status, detail, errors);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(400, "Invalid request",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid; see errors.",
                errors);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of());
    }
}
