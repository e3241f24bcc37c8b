package io.agentmonitor.gateway.simulator;

import java.util.List;

/** Word pools of the simulated call center: plausible names, none of them a real person's record. */
final class SimulatorNames {

    static final List<String> FIRST = List.of("Jane", "Carlos", "Aisha", "Tom", "Mei", "Olga", "Luis", "Priya",
            "Kevin", "Sofia", "Ahmed", "Grace", "Diego", "Hannah", "Marcus", "Yuki", "Fatima", "Peter", "Lucia",
            "Andre", "Chloe", "Ivan", "Nora", "Samuel", "Elena", "Jamal", "Rosa", "Victor", "Amara", "Ben");
    static final List<String> LAST = List.of("Smith", "Garcia", "Khan", "Nguyen", "Johnson", "Rossi", "Muller",
            "Okafor", "Silva", "Kowalski", "Brown", "Lopez", "Patel", "Cohen", "Martin", "Tanaka", "Haddad",
            "Jensen", "Moreau", "Walker", "Costa", "Novak", "Ibrahim", "Reyes", "Fischer", "Dubois", "Park");
    static final List<String> CAMPAIGNS = List.of("Sales Campaign", "Customer Care", "Renewals",
            "Spanish Sales", "Billing Support", "Retention", "Lead Qualification", "Appointment Setting",
            "Collections", "Tech Support");
    static final List<String> QUEUES = List.of("Main Queue", "Overflow", "Callbacks", "VIP", "Spanish Line",
            "After Hours", "Escalations");
    static final List<String> LISTS = List.of("Fresh Leads", "Web Leads", "Aged Leads", "Callbacks");
    static final List<String> TEAM_SKILLS = List.of("sales", "support", "billing", "retention", "collections",
            "tech");
    static final List<String> DIAL_MODES = List.of("outbound", "inbound", "blended");

    private SimulatorNames() {
    }
}
