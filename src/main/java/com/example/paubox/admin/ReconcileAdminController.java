package com.example.paubox.admin;

import com.example.paubox.reconcile.Reconciler;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reconciliation for operators and the sending application: register the tracking ids of sent
 * messages (the {@code sourceTrackingId} Paubox's send call returned), so that their fate is
 * learnt from Paubox even if every webhook about them is lost; and list the messages being
 * reconciled. Described in {@code /admin/openapi.yaml}.
 */
@RestController
@RequestMapping("/admin/reconcile")
class ReconcileAdminController {

    /** At most this many tracking ids per request. */
    static final int MAX_IDS = 1000;

    private final Reconciler reconciler;

    ReconcileAdminController(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** Body of a registration: {@code {"sourceTrackingIds": ["6e1cf9a4-...", ...]}}. */
    record Registration(List<String> sourceTrackingIds) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Integer> register(@RequestBody Registration registration) {
        if (!reconciler.enabled()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "reconciliation is off: set PAUBOX_API_USERNAME and PAUBOX_API_KEY");
        }
        List<String> ids = registration.sourceTrackingIds();
        if (ids == null || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give \"sourceTrackingIds\": 1 to " + MAX_IDS + " ids");
        }
        if (!ids.stream().allMatch(Reconciler::isTrackingId)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a tracking id is letters, digits and dashes, at most 64");
        }
        List<String> distinct = ids.stream().distinct().toList();
        int added = reconciler.registerAll(distinct);
        return Map.of("registered", added, "alreadyKnown", distinct.size() - added);
    }

    @GetMapping
    List<Map<String, Object>> list(@RequestParam(required = false) String status, @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size 1..500");
        }
        if (status != null && !List.of("PENDING", "ASKING", "DONE", "GAVE_UP").contains(status)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status is one of PENDING, ASKING, DONE, GAVE_UP");
        }
        return reconciler.report(status, size);
    }
}
