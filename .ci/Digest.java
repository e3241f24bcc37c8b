import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The last lines of a CI run: why it failed, or how long each phase took.
 *
 * <pre>java .ci/Digest.java STATUS CI_DIR</pre>
 *
 * STATUS is the exit status of the failed step (0 when everything passed); CI_DIR holds what
 * {@code .ci/run} recorded: {@code phases} ("epoch-seconds phase" per line, in order),
 * {@code failed-phase} (set when a step outside Maven failed), {@code install.log} and
 * {@code maven.log}. Test results come from the surefire and failsafe XML reports; the servers'
 * logs from the files the tests write under {@code target/}. At most {@link #MAX_LINES} lines are
 * printed; the whole digest is also kept in {@code CI_DIR/digest.txt}.
 */
public class Digest {

    static final int MAX_LINES = 60;
    static final Path TARGET = Path.of("target");

    record Phase(String name, long start) {
    }

    record TestResult(String kind, String className, String method, String problem, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        int status = Integer.parseInt(args[0]);
        Path ciDir = Path.of(args[1]);
        long end = System.currentTimeMillis() / 1000;
        List<Phase> phases = phases(ciDir.resolve("phases"));
        List<String> out = new ArrayList<>();
        List<TestResult> tests = new ArrayList<>();
        Map<String, double[]> suites = new LinkedHashMap<>();
        readReports(TARGET.resolve("surefire-reports"), "unit", tests, suites);
        readReports(TARGET.resolve("failsafe-reports"), "integration", tests, suites);
        List<TestResult> failing = tests.stream().filter(t -> t.problem() != null).toList();

        if (status == 0) {
            out.add("==== CI passed ====");
            phaseTimes(phases, end, out);
            testTotals(tests, suites, out);
        } else {
            String failedPhase = failedPhase(ciDir, phases, failing);
            out.add("==== CI failed (exit " + status + ") in phase: " + failedPhase + " ====");
            phaseTimes(phases, end, out);
            if (!failing.isEmpty()) {
                failingTests(failing, out);
                serverLogs(failing, out);
            } else {
                errorLines(ciDir, failedPhase, out);
            }
            out.add("The whole log: " + ciDir.resolve(failedPhase.equals("install") ? "install.log" : "maven.log")
                    + "; this digest: " + ciDir.resolve("digest.txt"));
        }
        Files.write(ciDir.resolve("digest.txt"), out, StandardCharsets.UTF_8);
        List<String> shown = out;
        if (out.size() > MAX_LINES) {
            shown = new ArrayList<>(out.subList(0, MAX_LINES - 2));
            shown.add("... " + (out.size() - MAX_LINES + 2) + " more lines in " + ciDir.resolve("digest.txt"));
            shown.add(out.get(out.size() - 1));
        }
        shown.forEach(System.out::println);
    }

    static List<Phase> phases(Path file) throws IOException {
        List<Phase> phases = new ArrayList<>();
        if (!Files.exists(file)) {
            return phases;
        }
        for (String line : Files.readAllLines(file)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                String name = line.substring(space + 1).trim();
                // Maven moves between goals of one phase and back (e.g. test-compile after the npm installs).
                if (phases.isEmpty() || !phases.get(phases.size() - 1).name().equals(name)) {
                    phases.add(new Phase(name, Long.parseLong(line.substring(0, space))));
                }
            }
        }
        return phases;
    }

    static void phaseTimes(List<Phase> phases, long end, List<String> out) {
        if (phases.isEmpty()) {
            return;
        }
        Map<String, Long> seconds = new LinkedHashMap<>();
        for (int i = 0; i < phases.size(); i++) {
            long until = i + 1 < phases.size() ? phases.get(i + 1).start() : end;
            seconds.merge(phases.get(i).name(), until - phases.get(i).start(), Long::sum);
        }
        StringBuilder line = new StringBuilder("Phases:");
        seconds.forEach((name, s) -> line.append(' ').append(name).append(' ').append(duration(s)).append(','));
        line.setLength(line.length() - 1);
        line.append("; total ").append(duration(end - phases.get(0).start()));
        out.add(line.toString());
    }

    static void testTotals(List<TestResult> tests, Map<String, double[]> suites, List<String> out) {
        for (String kind : List.of("unit", "integration")) {
            List<TestResult> ofKind = tests.stream().filter(t -> t.kind().equals(kind)).toList();
            if (!ofKind.isEmpty()) {
                double time = suites.entrySet().stream().filter(e -> e.getKey().startsWith(kind + " "))
                        .mapToDouble(e -> e.getValue()[0]).sum();
                out.add(String.format("%s tests: %d run in %d classes, %s of test time", kind, ofKind.size(),
                        ofKind.stream().map(TestResult::className).distinct().count(), duration((long) time)));
            }
        }
        // The parts of the unit tests that README names, with their own time.
        Map<String, Pattern> parts = new LinkedHashMap<>();
        parts.put("browser tests", Pattern.compile("\\.webui\\."));
        parts.put("generated clients", Pattern.compile("\\.Generated\\w*ClientTest$"));
        parts.put("contract", Pattern.compile("\\.contract\\.(?!Generated)"));
        StringBuilder line = new StringBuilder();
        parts.forEach((name, pattern) -> {
            double time = suites.entrySet().stream().filter(e -> pattern.matcher(e.getKey()).find())
                    .mapToDouble(e -> e.getValue()[0]).sum();
            if (time > 0) {
                line.append(line.length() == 0 ? "of which: " : ", ").append(name).append(' ')
                        .append(duration((long) time));
            }
        });
        if (line.length() > 0) {
            out.add(line.toString());
        }
    }

    static String failedPhase(Path ciDir, List<Phase> phases, List<TestResult> failing) throws IOException {
        Path marker = ciDir.resolve("failed-phase");
        if (Files.exists(marker)) {
            return Files.readString(marker).trim();
        }
        if (!failing.isEmpty()) {
            TestResult first = failing.get(0);
            if (first.kind().equals("integration")) {
                return "integration tests";
            }
            if (first.className().contains(".webui.")) {
                return "unit tests (browser tests)";
            }
            if (first.className().matches(".*\\.Generated\\w*ClientTest")) {
                return "unit tests (generated clients)";
            }
            return "unit tests";
        }
        return phases.isEmpty() ? "build" : phases.get(phases.size() - 1).name();
    }

    static void failingTests(List<TestResult> failing, List<String> out) {
        out.add("Failing tests (" + failing.size() + "):");
        int shown = 0;
        for (TestResult test : failing) {
            if (shown++ == 8) {
                out.add("  ... and " + (failing.size() - 8) + " more");
                break;
            }
            String where = test.kind().equals("integration") ? "target/failsafe-reports" : "target/surefire-reports";
            out.add("- " + simpleName(test.className()) + "." + test.method() + "  (" + where + "/"
                    + test.className() + ".txt)");
            test.problem().lines().forEach(l -> out.add("    " + clip(l, 200)));
        }
    }

    static void serverLogs(List<TestResult> failing, List<String> out) throws IOException {
        List<Path> logs = new ArrayList<>();
        boolean cluster = failing.stream().anyMatch(t -> t.className().contains(".cluster."));
        boolean browser = failing.stream().anyMatch(t -> t.className().contains(".webui."));
        boolean identity = failing.stream().anyMatch(t -> t.className().contains(".identity."));
        if (cluster) {
            logs.addAll(newest(TARGET.resolve("fleet"), 3));
            logs.addAll(newest(TARGET.resolve("redis"), 1));
        }
        if (browser) {
            logs.addAll(newest(TARGET.resolve("wallboard-screenshots"), 1));
        }
        if (identity || browser || logs.isEmpty()) {
            logs.addAll(newest(TARGET, 1));
        }
        if (logs.isEmpty()) {
            return;
        }
        out.add("Servers' logs (last lines):");
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            out.add("  " + log + ":");
            lines.subList(Math.max(0, lines.size() - 4), lines.size()).forEach(l -> out.add("    " + clip(l, 200)));
        }
    }

    /** The most recently written server logs directly in dir or below it. */
    static List<Path> newest(Path dir, int count) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        int depth = dir.equals(TARGET) ? 1 : 3;
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(log|out)|node-output\\.txt"))
                    .filter(p -> !p.startsWith(TARGET.resolve("ci")))
                    .sorted(Comparator.comparing(Digest::modified).reversed())
                    .limit(count)
                    .toList();
        }
    }

    static void errorLines(Path ciDir, String failedPhase, List<String> out) throws IOException {
        Path log = ciDir.resolve(failedPhase.equals("install") ? "install.log" : "maven.log");
        if (!Files.exists(log)) {
            return;
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        List<String> errors = lines.stream()
                .filter(l -> l.startsWith("[ERROR]") || l.contains("npm error") || l.contains("ERR!"))
                .filter(l -> !l.matches("\\[ERROR\\] *(-> \\[Help 1\\].*|Re-run Maven.*|To see the full stack.*"
                        + "|For more information.*|\\[Help 1\\].*|After correcting.*|  mvn <args>.*)?"))
                .distinct()
                .limit(25)
                .toList();
        if (errors.isEmpty()) {
            out.add("Last lines of " + log + ":");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.add("  " + clip(l, 200)));
        } else {
            out.add("Errors:");
            errors.forEach(l -> out.add("  " + clip(l, 200)));
        }
    }

    static void readReports(Path dir, String kind, List<TestResult> tests, Map<String, double[]> suites)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> reports;
        try (Stream<Path> files = Files.list(dir)) {
            reports = files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path report : reports) {
            Element suite;
            try {
                suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
            } catch (Exception e) {
                tests.add(new TestResult(kind, report.getFileName().toString(), "(report)",
                        "unreadable report: " + e.getMessage(), 0));
                continue;
            }
            suites.put(kind + " " + suite.getAttribute("name"), new double[] { number(suite.getAttribute("time")) });
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                if (child(testCase, "skipped") != null) {
                    continue;
                }
                Element problem = child(testCase, "failure");
                if (problem == null) {
                    problem = child(testCase, "error");
                }
                tests.add(new TestResult(kind, testCase.getAttribute("classname"), testCase.getAttribute("name"),
                        problem == null ? null : describe(problem), number(testCase.getAttribute("time"))));
            }
        }
    }

    /** The exception's type and message, then the first frame of the project's own code. */
    static String describe(Element problem) {
        String type = problem.getAttribute("type");
        String message = problem.getAttribute("message");
        String trace = problem.getTextContent() == null ? "" : problem.getTextContent();
        StringBuilder text = new StringBuilder();
        text.append(type.isEmpty() ? "" : simpleName(type) + ": ");
        text.append(message.isEmpty() ? trace.lines().findFirst().orElse("") : message.strip());
        Matcher frame = Pattern.compile("\\n\\s*at (io\\.agentmonitor\\.[^\\n]+)").matcher(trace);
        // The message's first lines, then where in the project's code it came from.
        List<String> lines = new ArrayList<>(text.toString().lines().filter(l -> !l.isBlank()).limit(2).toList());
        if (frame.find()) {
            lines.add("at " + frame.group(1).strip());
        }
        return String.join("\n", lines);
    }

    static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    static double number(String value) {
        try {
            return Double.parseDouble(value.replace(",", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static String clip(String line, int max) {
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }

    static String duration(long seconds) {
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }
}
