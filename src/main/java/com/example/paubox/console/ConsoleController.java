package com.example.paubox.console;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;

/** The console's pages (templates/console/). Reached only through {@link ConsoleSecurity}. */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private final Overview overview;
    private final EventPages events;
    private final TicketPages tickets;
    private final Charts charts;

    ConsoleController(Overview overview, EventPages events, TicketPages tickets, Charts charts) {
        this.overview = overview;
        this.events = events;
        this.tickets = tickets;
        this.charts = charts;
    }

    /** The signed-in operator's name, for the page header. */
    @ModelAttribute("operator")
    String operator(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    @GetMapping("/sign-in")
    String signIn() {
        return "console/sign-in";
    }

    @GetMapping({"", "/"})
    String overview(Model model) {
        model.addAttribute("page", "overview");
        model.addAttribute("overview", overview.now());
        return "console/overview";
    }

    @GetMapping("/events")
    String events(@RequestParam(required = false) String status, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String domain, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page, Model model) {
        EventFilter filter = new EventFilter(status, kind, domain, from, to);
        List<Map<String, Object>> rows = events.events(filter, Math.max(0, page));
        model.addAttribute("page", "events");
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", EventFilter.STATUSES.stream().sorted().toList());
        model.addAttribute("events", rows.stream().limit(EventPages.PAGE_SIZE).toList());
        model.addAttribute("pageNumber", Math.max(0, page));
        model.addAttribute("hasNext", rows.size() > EventPages.PAGE_SIZE);
        return "console/events";
    }

    @GetMapping("/events/{id}")
    String event(@PathVariable long id, @RequestParam(required = false) Integer replayed, Model model) {
        model.addAttribute("page", "events");
        model.addAttribute("event", events.event(id));
        model.addAttribute("replayed", replayed);
        return "console/event";
    }

    /** Replays the event's dead deliveries. */
    @PostMapping("/events/{id}/replay")
    String replayEvent(@PathVariable long id, Principal principal) {
        int replayed = events.replay(events.deadOf(id), principal.getName(), "event");
        return "redirect:/console/events/" + id + "?replayed=" + replayed;
    }

    @GetMapping("/dead-letters")
    String deadLetters(@RequestParam(required = false) String kind, @RequestParam(required = false) String domain,
            @RequestParam(required = false) String sink, @RequestParam(required = false) Integer replayed, Model model) {
        EventFilter filter = new EventFilter(null, kind, domain, null, null);
        model.addAttribute("page", "dead-letters");
        model.addAttribute("filter", filter);
        model.addAttribute("sink", sink);
        model.addAttribute("deadLetters", events.deadLetters(filter, sink));
        model.addAttribute("replayed", replayed);
        return "console/dead-letters";
    }

    @PostMapping("/dead-letters/{id}/replay")
    String replayDeadLetter(@PathVariable long id, Principal principal) {
        int replayed = events.replay(List.of(id), principal.getName(), "dead-letter");
        return "redirect:/console/dead-letters?replayed=" + replayed;
    }

    /** The dry run: how many dead letters match, and a form to confirm replaying them. */
    @PostMapping("/dead-letters/replay-matching/preview")
    String previewReplay(@RequestParam(required = false) String kind, @RequestParam(required = false) String domain,
            @RequestParam(required = false) String sink, Model model) {
        EventFilter filter = new EventFilter(null, kind, domain, null, null);
        model.addAttribute("page", "dead-letters");
        model.addAttribute("filter", filter);
        model.addAttribute("sink", sink);
        model.addAttribute("matching", events.deadLetters(filter, sink).size());
        return "console/replay-confirm";
    }

    @PostMapping("/dead-letters/replay-matching")
    String replayMatching(@RequestParam(required = false) String kind, @RequestParam(required = false) String domain,
            @RequestParam(required = false) String sink, Principal principal) {
        EventFilter filter = new EventFilter(null, kind, domain, null, null);
        int replayed = events.replay(EventPages.ids(events.deadLetters(filter, sink)), principal.getName(), "matching");
        return "redirect:/console/dead-letters?replayed=" + replayed;
    }

    @GetMapping("/tickets")
    String tickets(@RequestParam(required = false) String status, Model model) {
        return ticketsPage(status == null || status.isBlank() ? null : status, null, null, model);
    }

    /** Shows one ticket's full address on the page (never in a URL), with an audit line. */
    @PostMapping("/tickets/{id}/reveal")
    String reveal(@PathVariable long id, @RequestParam(required = false) String status, Principal principal, Model model) {
        String address = tickets.reveal(id, principal.getName());
        return ticketsPage(status == null || status.isBlank() ? null : status, id, address, model);
    }

    private String ticketsPage(String status, Long revealedId, String revealed, Model model) {
        model.addAttribute("page", "tickets");
        model.addAttribute("status", status);
        boolean shown = tickets.shown();
        model.addAttribute("shown", shown);
        model.addAttribute("tickets", shown ? tickets.list(status) : List.of());
        model.addAttribute("revealedId", revealedId);
        model.addAttribute("revealed", revealed);
        return "console/tickets";
    }

    @GetMapping("/chart")
    String chart(@RequestParam(required = false) String range, Model model) {
        model.addAttribute("page", "chart");
        model.addAttribute("chart", charts.chart(Charts.Range.of(range)));
        model.addAttribute("ranges", Charts.Range.values());
        model.addAttribute("width", Charts.WIDTH);
        model.addAttribute("height", Charts.HEIGHT);
        return "console/chart";
    }
}
