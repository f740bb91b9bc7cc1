/** Read one of a tenant's notifications (`GET /notifications/:id`). */
export interface GetNotificationCommand {
  tenantId: string;
  id: string;
}
