package dev.jacorn.adapter;

import dev.jacorn.adapter.WebDescriptor.Fragment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.metadata.web.spec.AbsoluteOrderingMetaData;
import org.jboss.metadata.web.spec.OrderingElementMetaData;
import org.jboss.metadata.web.spec.OrderingMetaData;
import org.jboss.metadata.web.spec.RelativeOrderingMetaData;

/**
 * The order web fragments apply in (Servlet 6.1, section 8.2.2).
 *
 * <ul>
 *   <li>With an {@code absolute-ordering} in web.xml: the named fragments in that order, with
 *       {@code <others/>} standing for every jar not named; without {@code <others/>}, the jars not
 *       named are excluded (their fragments and annotations are ignored).</li>
 *   <li>Otherwise each fragment's relative {@code ordering}: fragments {@code before <others/>}
 *       first, those {@code after <others/>} last, the rest between, and every named
 *       {@code before}/{@code after} honoured. Ties keep the jars' file-name order. A cycle is an
 *       error.</li>
 * </ul>
 */
record FragmentOrder(List<Fragment> fragments, Set<Path> excludedJars) {

    static FragmentOrder of(String appName, List<Path> jars, List<Fragment> found, AbsoluteOrderingMetaData absolute) {
        if (absolute != null && absolute.getOrdering() != null) {
            return absolute(jars, found, absolute.getOrdering());
        }
        return new FragmentOrder(relative(appName, found), Set.of());
    }

    private static FragmentOrder absolute(List<Path> jars, List<Fragment> found, List<OrderingElementMetaData> order) {
        Set<String> named = new HashSet<>();
        boolean others = false;
        for (OrderingElementMetaData element : order) {
            if (element.isOthers()) {
                others = true;
            } else {
                named.add(element.getName());
            }
        }
        List<Fragment> ordered = new ArrayList<>();
        for (OrderingElementMetaData element : order) {
            for (Fragment fragment : found) {
                boolean isOther = fragment.name() == null || !named.contains(fragment.name());
                if (element.isOthers() ? isOther : element.getName().equals(fragment.name())) {
                    if (!ordered.contains(fragment)) {
                        ordered.add(fragment);
                    }
                }
            }
        }
        Set<Path> excluded = new HashSet<>();
        if (!others) {
            for (Path jar : jars) {
                if (ordered.stream().noneMatch(f -> f.jar().equals(jar))) {
                    excluded.add(jar);
                }
            }
        }
        return new FragmentOrder(ordered, excluded);
    }

    /** A topological sort: rank (before others, middle, after others) then jar order break ties. */
    private static List<Fragment> relative(String appName, List<Fragment> found) {
        Map<Fragment, Set<Fragment>> mustFollow = new HashMap<>();
        Map<String, Fragment> byName = new HashMap<>();
        for (Fragment fragment : found) {
            mustFollow.put(fragment, new LinkedHashSet<>());
            if (fragment.name() != null) {
                byName.put(fragment.name(), fragment);
            }
        }
        for (Fragment fragment : found) {
            OrderingMetaData ordering = fragment.metaData().getOrdering();
            if (ordering == null) {
                continue;
            }
            for (String name : names(ordering.getAfter())) {
                if (byName.containsKey(name)) {
                    mustFollow.get(fragment).add(byName.get(name));
                }
            }
            for (String name : names(ordering.getBefore())) {
                if (byName.containsKey(name)) {
                    mustFollow.get(byName.get(name)).add(fragment);
                }
            }
        }
        List<Fragment> ordered = new ArrayList<>();
        List<Fragment> pending = new ArrayList<>(found);
        pending.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        while (!pending.isEmpty()) {
            Fragment next = pending.stream().filter(f -> ordered.containsAll(mustFollow.get(f))).findFirst()
                    .orElseThrow(() -> new AppLoadException("The web-fragment.xml orderings of " + appName
                            + " form a cycle; fix their <ordering> elements or add an <absolute-ordering>"
                            + " to WEB-INF/web.xml."));
            ordered.add(next);
            pending.remove(next);
        }
        return ordered;
    }

    private static int rank(Fragment fragment) {
        OrderingMetaData ordering = fragment.metaData().getOrdering();
        if (ordering == null) {
            return 1;
        }
        if (hasOthers(ordering.getBefore())) {
            return 0;
        }
        return hasOthers(ordering.getAfter()) ? 2 : 1;
    }

    private static boolean hasOthers(RelativeOrderingMetaData relative) {
        return relative != null && relative.getOrdering() != null
                && relative.getOrdering().stream().anyMatch(OrderingElementMetaData::isOthers);
    }

    private static List<String> names(RelativeOrderingMetaData relative) {
        if (relative == null || relative.getOrdering() == null) {
            return List.of();
        }
        return relative.getOrdering().stream().filter(e -> !e.isOthers()).map(OrderingElementMetaData::getName).toList();
    }
}
