/** Message types shared by the Tenaz services: one schema and type per message kind. */
export {};
