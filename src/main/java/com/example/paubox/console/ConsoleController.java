package com.example.paubox.console;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;

/** The console's pages (templates/console/). Reached only through {@link ConsoleSecurity}. */
@Controller
@RequestMapping("/console")
class ConsoleController {

    private final Overview overview;

    ConsoleController(Overview overview) {
        this.overview = overview;
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
}
