package com.example.paubox.system;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;

/** Reading route definitions (as loaded from the YAML) without running them. */
public final class RouteModel {

    private RouteModel() {
    }

    /** The {@code direct:} names these steps (and the steps inside them) send to with a fixed URI, in order. */
    public static Set<String> directTargets(List<ProcessorDefinition<?>> outputs) {
        Set<String> targets = new LinkedHashSet<>();
        for (ProcessorDefinition<?> output : outputs) {
            String uri = output instanceof SendDefinition<?> send ? send.getEndpointUri()
                    : output instanceof ToDynamicDefinition dynamic ? dynamic.getUri() : null;
            if (uri != null && uri.startsWith("direct:") && !uri.contains("${")) {
                targets.add(directName(uri));
            }
            targets.addAll(directTargets(output.getOutputs()));
        }
        return targets;
    }

    /** {@code direct:name}, {@code direct://name?x=y}: {@code name}. */
    public static String directName(String directUri) {
        String name = directUri.substring("direct:".length()).replaceFirst("^//", "");
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }
}
