package dev.runshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runshift.ports.TaskQueues;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleTest {
  @Test
  void parsesCommaSeparatedRolesCaseInsensitively() {
    assertEquals(EnumSet.of(Role.BUILD, Role.DEPLOY), Role.parse("build, DEPLOY"));
    assertEquals(Role.all(), Role.parse("all"));
    assertEquals(EnumSet.of(Role.NOTIFY), Role.parse("notify"));
  }

  @Test
  void eachRoleServesItsOwnTaskQueue() {
    assertEquals(TaskQueues.WORKFLOWS, Role.WORKFLOWS.taskQueue());
    assertEquals(TaskQueues.BUILD, Role.BUILD.taskQueue());
    assertEquals(TaskQueues.DEPLOY, Role.DEPLOY.taskQueue());
    assertEquals(TaskQueues.VERIFY, Role.VERIFY.taskQueue());
    assertEquals(TaskQueues.NOTIFY, Role.NOTIFY.taskQueue());
  }

  @Test
  void unknownRoleNamesTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("build,deplyo"));
    assertTrue(e.getMessage().contains("deplyo") && e.getMessage().contains("verify"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Role.parse(" , "));
  }
}
